package order

// Status is where an order is in its life. The database keeps the code; customers see the Russian label.
type Status string

const (
	Processing     Status = "processing"
	Confirmed      Status = "confirmed"
	Assembled      Status = "assembled"
	Shipped        Status = "shipped"
	ReadyForPickup Status = "ready_for_pickup"
	Delivered      Status = "delivered"
	Cancelled      Status = "cancelled"
)

var labels = map[Status]string{
	Processing:     "В обработке",
	Confirmed:      "Подтверждён",
	Assembled:      "Собран",
	Shipped:        "Отправлен",
	ReadyForPickup: "Готов к выдаче",
	Delivered:      "Выдан",
	Cancelled:      "Отменён",
}

// Label is the status as the contract and the customer see it, e.g. «В обработке».
func (s Status) Label() string { return labels[s] }

// StatusByLabel finds a status by its Russian label.
func StatusByLabel(label string) (Status, bool) {
	for s, l := range labels {
		if l == label {
			return s, true
		}
	}
	return "", false
}

// ParseStatus reads a status by its Russian label («Подтверждён») or its code (confirmed).
func ParseStatus(s string) (Status, bool) {
	if st, ok := StatusByLabel(s); ok {
		return st, true
	}
	if st := Status(s); st.Label() != "" {
		return st, true
	}
	return "", false
}

// Statuses returns every status, in the order of an order's life.
func Statuses() []Status {
	return []Status{Processing, Confirmed, Assembled, Shipped, ReadyForPickup, Delivered, Cancelled}
}

// Labels returns the labels of statuses, in their order.
func Labels(statuses []Status) []string {
	out := make([]string, len(statuses))
	for i, s := range statuses {
		out[i] = s.Label()
	}
	return out
}

// Next returns the statuses an order may move to from s. An order goes forward only: processing → confirmed →
// assembled → shipped (delivery) or ready for pickup (pickup) → delivered; it may be cancelled until it has
// left the warehouse.
func (s Status) Next(requiresDelivery bool) []Status {
	switch s {
	case Processing:
		return []Status{Confirmed, Cancelled}
	case Confirmed:
		return []Status{Assembled, Cancelled}
	case Assembled:
		if requiresDelivery {
			return []Status{Shipped, Cancelled}
		}
		return []Status{ReadyForPickup, Cancelled}
	case Shipped, ReadyForPickup:
		return []Status{Delivered}
	}
	return nil // delivered and cancelled are final
}

// CanMove reports whether the graph allows s → to.
func (s Status) CanMove(to Status, requiresDelivery bool) bool {
	for _, n := range s.Next(requiresDelivery) {
		if n == to {
			return true
		}
	}
	return false
}
