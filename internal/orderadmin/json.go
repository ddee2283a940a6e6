package orderadmin

import (
	"time"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment"
)

// The customer's order JSON (package order), plus what staff need: the customer, line ids and КИЗ, who changed
// the status and why, where the status may go next; the detail adds payments and refunds.

type customerJSON struct {
	ID        int64  `json:"id"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

type itemJSON struct {
	ID        int64        `json:"id"`
	ProductID *int64       `json:"product_id"`
	Name      string       `json:"name"`
	Price     money.Amount `json:"price"`
	Quantity  int32        `json:"quantity"`
	LineTotal money.Amount `json:"line_total"`
	FurCodes  []string     `json:"fur_codes"`
	MarkedFur bool         `json:"marked_fur"`
}

type whoJSON struct {
	ID    int64   `json:"id"`
	Email *string `json:"email"` // null once the account is gone
}

type changeJSON struct {
	Status    string    `json:"status"`
	ChangedAt time.Time `json:"changed_at"`
	ChangedBy *whoJSON  `json:"changed_by"`
	Note      string    `json:"note"`
}

type orderJSON struct {
	ID               int64        `json:"id"`
	CreatedTimestamp time.Time    `json:"created_timestamp"`
	PhoneNumber      string       `json:"phone_number"`
	RequiresDelivery bool         `json:"requires_delivery"`
	DeliveryAddress  string       `json:"delivery_address"`
	PaymentOnGet     bool         `json:"payment_on_get"`
	IsPaid           bool         `json:"is_paid"`
	Status           string       `json:"status"`
	User             int64        `json:"user"`
	Items            []itemJSON   `json:"items"`
	TotalPrice       money.Amount `json:"total_price"`
	StatusHistory    []changeJSON `json:"status_history"`
	Customer         customerJSON `json:"customer"`
	NextStatuses     []string     `json:"next_statuses"`
}

type detailJSON struct {
	orderJSON
	Payments []any `json:"payments"`
	Refunds  []any `json:"refunds"`
}

func orderJSONOf(o Order) orderJSON {
	out := orderJSON{
		ID: o.ID, CreatedTimestamp: o.CreatedAt.UTC(), PhoneNumber: o.Phone, RequiresDelivery: o.RequiresDelivery,
		DeliveryAddress: o.Address, PaymentOnGet: o.PaymentOnGet, IsPaid: o.IsPaid, Status: o.Status.Label(),
		User: o.Customer.ID, TotalPrice: o.Total, Items: make([]itemJSON, len(o.Items)),
		StatusHistory: make([]changeJSON, len(o.History)), NextStatuses: order.Labels(o.Status.Next(o.RequiresDelivery)),
		Customer: customerJSON{ID: o.Customer.ID, Email: o.Customer.Email, FirstName: o.Customer.FirstName, LastName: o.Customer.LastName},
	}
	for i, it := range o.Items {
		var pid *int64
		if it.ProductID != 0 {
			pid = &it.ProductID
		}
		out.Items[i] = itemJSON{ID: it.ID, ProductID: pid, Name: it.Name, Price: it.Price, Quantity: it.Quantity,
			LineTotal: it.Price * money.Amount(it.Quantity), FurCodes: nonNil(it.FurCodes), MarkedFur: it.MarkedFur}
	}
	for i, h := range o.History {
		c := changeJSON{Status: h.Status.Label(), ChangedAt: h.At.UTC(), Note: h.Note}
		if h.By != nil {
			c.ChangedBy = &whoJSON{ID: *h.By}
			if h.ByEmail != "" {
				c.ChangedBy.Email = &h.ByEmail
			}
		}
		out.StatusHistory[i] = c
	}
	return out
}

func detailJSONOf(d Detail) detailJSON {
	out := detailJSON{orderJSON: orderJSONOf(d.Order), Payments: make([]any, len(d.Payments)), Refunds: make([]any, len(d.Refunds))}
	for i, p := range d.Payments {
		out.Payments[i] = payment.PaymentJSONOf(p)
	}
	for i, r := range d.Refunds {
		out.Refunds[i] = payment.RefundJSONOf(r)
	}
	return out
}
