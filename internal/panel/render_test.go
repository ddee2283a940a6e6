package panel

import (
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/sheet"
)

func TestRussianNumbersAndTheShopsWeek(t *testing.T) {
	for n, want := range map[int64]string{1: "заказ", 2: "заказа", 4: "заказа", 5: "заказов", 11: "заказов", 12: "заказов", 21: "заказ", 22: "заказа", 111: "заказов", 0: "заказов"} {
		if got := plural(n, "заказ", "заказа", "заказов"); got != want {
			t.Errorf("%d %s, want %s", n, got, want)
		}
	}
	for a, want := range map[money.Amount]string{0: "0,00\u00a0₽", 1640000: "16\u00a0400,00\u00a0₽", 123456789: "1\u00a0234\u00a0567,89\u00a0₽"} {
		if got := rubles(a); got != want {
			t.Errorf("%d kopecks: %q, want %q", a, got, want)
		}
	}
	// Sunday 23:30 in Moscow is Sunday 20:30 UTC: the day and the week (from Monday) are Moscow's.
	day, week := dayAndWeek(time.Date(2026, 12, 6, 20, 30, 0, 0, time.UTC))
	if want := time.Date(2026, 12, 6, 0, 0, 0, 0, sheet.Moscow); !day.Equal(want) {
		t.Errorf("day %v, want %v", day, want)
	}
	if want := time.Date(2026, 11, 30, 0, 0, 0, 0, sheet.Moscow); !week.Equal(want) {
		t.Errorf("week %v, want %v", week, want)
	}
	// Monday 21:05 UTC is already Tuesday in Moscow; its week began on Monday.
	if day, week := dayAndWeek(time.Date(2026, 11, 30, 21, 5, 0, 0, time.UTC)); day.Weekday() != time.Tuesday || week.Weekday() != time.Monday || week.Day() != 30 {
		t.Errorf("day %v week %v", day, week)
	}
}
