// Package order turns carts into orders: stock taken atomically and never oversold, prices fixed at the moment
// of the order, a status that only moves forward along a defined graph, and a history of every change.
package order

import (
	"time"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// Order is a customer's order.
type Order struct {
	ID               int64
	UserID           int64
	CreatedAt        time.Time
	Phone            string
	RequiresDelivery bool
	Address          string
	PaymentOnGet     bool
	IsPaid           bool
	Status           Status
	Total            money.Amount
	Items            []Item
	History          []Change
}

// Item is an ordered product at the price of the moment of the order. The product id, name and price stay as
// they were even if the product later changes or leaves the catalog.
type Item struct {
	ProductID int64
	Name      string
	Price     money.Amount
	Quantity  int32
}

// Change is one step of an order's status history.
type Change struct {
	Status Status
	At     time.Time
}

func orderOf(o db.Order) Order {
	return Order{
		ID: o.ID, UserID: o.UserID, CreatedAt: o.CreatedAt, Phone: o.PhoneNumber, RequiresDelivery: o.RequiresDelivery,
		Address: o.DeliveryAddress, PaymentOnGet: o.PaymentOnGet, IsPaid: o.IsPaid, Status: Status(o.Status),
		Total: money.Amount(o.Total),
	}
}
