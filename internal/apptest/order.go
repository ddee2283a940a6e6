package apptest

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/money"
)

// SeedOrder is the seed's example order body, verbatim: server-owned fields and all. It asks for payment on
// receipt.
const SeedOrder = `{"id": 41, "created_timestamp": "2023-07-25", "phone_number": "79855508853", "requires_delivery": false, "delivery_address": "пушкина, калатушкина", "payment_on_get": true, "is_paid": true, "status": "Выдан", "user": 8}`

// Order is an order as the customer's API answers it.
type Order struct {
	ID               int64  `json:"id"`
	CreatedTimestamp string `json:"created_timestamp"`
	PhoneNumber      string `json:"phone_number"`
	RequiresDelivery bool   `json:"requires_delivery"`
	DeliveryAddress  string `json:"delivery_address"`
	PaymentOnGet     bool   `json:"payment_on_get"`
	IsPaid           bool   `json:"is_paid"`
	Status           string `json:"status"`
	User             int64  `json:"user"`
	Items            []struct {
		ProductID *int64 `json:"product_id"`
		Name      string `json:"name"`
		Price     string `json:"price"`
		Quantity  int    `json:"quantity"`
		LineTotal string `json:"line_total"`
	} `json:"items"`
	TotalPrice    string `json:"total_price"`
	StatusHistory []struct {
		Status    string    `json:"status"`
		ChangedAt time.Time `json:"changed_at"`
	} `json:"status_history"`
}

// Lines is the order as product name → "price × quantity = line total", for comparing with what a test expects.
// It also checks, in exact kopecks, that every line total is price × quantity and the total their sum.
func (o Order) Lines(t testing.TB) map[string]string {
	t.Helper()
	m := map[string]string{}
	var sum money.Amount
	for _, it := range o.Items {
		price, lineTotal := Amount(t, it.Price), Amount(t, it.LineTotal)
		if lineTotal != price*money.Amount(it.Quantity) {
			t.Errorf("order %d, %s: line total %s is not %s × %d", o.ID, it.Name, it.LineTotal, it.Price, it.Quantity)
		}
		sum += lineTotal
		m[it.Name] = fmt.Sprintf("%s × %d = %s", it.Price, it.Quantity, it.LineTotal)
	}
	if Amount(t, o.TotalPrice) != sum {
		t.Errorf("order %d: total %s, but the lines add up to %s", o.ID, o.TotalPrice, sum)
	}
	return m
}

// Statuses is the order's status history, oldest first.
func (o Order) Statuses() []string {
	var s []string
	for _, h := range o.StatusHistory {
		s = append(s, h.Status)
	}
	return s
}

// PlaceOrder sends POST /api/order and fails unless the status is want; header holds the customer's
// Authorization and anything else to send. The order is read only from a 2xx answer.
func (s *Server) PlaceOrder(want int, body string, header ...string) (Order, Response) {
	s.t.Helper()
	var o Order
	res := s.expect(want, &o, "POST", "/api/order", body, header...)
	return o, res
}

// Place puts slug × quantity … (items alternate a slug and a quantity) in the customer's cart and orders it
// with the checkout body given.
func (s *Server) Place(auth []string, body string, items ...any) Order {
	s.t.Helper()
	for i := 0; i+1 < len(items); i += 2 {
		s.AddToCart(items[i].(string), items[i+1].(int), auth...)
	}
	o, _ := s.PlaceOrder(http.StatusCreated, body, auth...)
	return o
}

// Order is one of the customer's orders, read through GET /api/orders/{id}.
func (s *Server) Order(id int64, header ...string) Order {
	s.t.Helper()
	var o Order
	s.expect(http.StatusOK, &o, "GET", "/api/orders/"+strconv.FormatInt(id, 10), "", header...)
	return o
}
