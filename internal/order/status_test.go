package order

import "testing"

func TestStatusGraph(t *testing.T) {
	allowed := []struct {
		from, to Status
		delivery bool
	}{
		{Processing, Confirmed, true}, {Processing, Cancelled, false}, {Confirmed, Assembled, true},
		{Assembled, Shipped, true}, {Assembled, ReadyForPickup, false}, {Shipped, Delivered, true},
		{ReadyForPickup, Delivered, false}, {Confirmed, Cancelled, true},
	}
	for _, tt := range allowed {
		if !tt.from.CanMove(tt.to, tt.delivery) {
			t.Errorf("%s → %s (delivery %v) refused", tt.from, tt.to, tt.delivery)
		}
	}
	refused := []struct {
		from, to Status
		delivery bool
	}{
		{Processing, Delivered, true}, {Assembled, ReadyForPickup, true}, {Assembled, Shipped, false},
		{Shipped, Cancelled, true}, {Delivered, Processing, true}, {Cancelled, Processing, true}, {Confirmed, Processing, true},
	}
	for _, tt := range refused {
		if tt.from.CanMove(tt.to, tt.delivery) {
			t.Errorf("%s → %s (delivery %v) allowed", tt.from, tt.to, tt.delivery)
		}
	}
	for s := range labels {
		if got, ok := StatusByLabel(s.Label()); !ok || got != s {
			t.Errorf("label of %s does not lead back to it", s)
		}
	}
	if Processing.Label() != "В обработке" || Delivered.Label() != "Выдан" {
		t.Error("labels differ from the contract")
	}
}

func TestParseStatus(t *testing.T) {
	if got := len(Statuses()); got != len(labels) {
		t.Errorf("Statuses() has %d statuses; want %d", got, len(labels))
	}
	for _, s := range Statuses() {
		for _, in := range []string{s.Label(), string(s)} {
			if got, ok := ParseStatus(in); !ok || got != s {
				t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, ok, s)
			}
		}
	}
	for _, in := range []string{"", "Отменен", "CANCELLED", "отменён"} {
		if got, ok := ParseStatus(in); ok {
			t.Errorf("ParseStatus(%q) = %q; want none", in, got)
		}
	}
}
