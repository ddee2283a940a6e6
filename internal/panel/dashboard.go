package panel

import (
	"net/http"
	"time"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/sheet"
)

// Low stock as Сводка shows it: sizes with this many pieces or fewer, at most lowStockRows of them.
const (
	lowStockAt   = 2
	lowStockRows = 20
)

type dashboardData struct {
	Orders          order.StaffSummary
	PaymentsWaiting int64
	LowStock        []catalog.LowStockItem
	LowStockAt      int
}

// dashboard serves GET /admin/, Сводка: today's and this week's orders and revenue (the shop's day and week,
// Moscow time), orders waiting for confirmation, payments waiting for ЮKassa, and sizes running out.
func (p *Panel) dashboard(w http.ResponseWriter, r *http.Request) error {
	today, week := dayAndWeek(time.Now())
	var d dashboardData
	var err error
	if d.Orders, err = p.orders.Summary(r.Context(), today, week); err != nil {
		return err
	}
	if d.PaymentsWaiting, err = p.payments.Waiting(r.Context()); err != nil {
		return err
	}
	if d.LowStock, err = p.catalog.LowStock(r.Context(), lowStockAt, lowStockRows); err != nil {
		return err
	}
	d.LowStockAt = lowStockAt
	p.render(w, r, http.StatusOK, "dashboard", view{Title: "Сводка", Data: d})
	return nil
}

// dayAndWeek are the starts of now's day and week (Monday) in the shop's time.
func dayAndWeek(now time.Time) (day, week time.Time) {
	t := now.In(sheet.Moscow)
	day = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, sheet.Moscow)
	week = day.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	return day, week
}
