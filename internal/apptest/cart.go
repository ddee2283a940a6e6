package apptest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/money"
)

// CartLine is a line of a cart as the API answers it.
type CartLine struct {
	ID      int64 `json:"id"`
	Product struct {
		ID    int64  `json:"id"`
		Slug  string `json:"slug"`
		Name  string `json:"name"`
		Price string `json:"price"`
	} `json:"product"`
	Quantity  int    `json:"quantity"`
	LineTotal string `json:"line_total"`
	Available bool   `json:"available"`
	Stock     int    `json:"stock"`
}

// Cart is a cart as the API answers it.
type Cart struct {
	Items         []CartLine `json:"items"`
	TotalQuantity int        `json:"total_quantity"`
	TotalPrice    string     `json:"total_price"`
}

// Quantities is the cart as slug → quantity, for comparing with what a test expects.
func (c Cart) Quantities() map[string]int {
	m := map[string]int{}
	for _, l := range c.Items {
		m[l.Product.Slug] = l.Quantity
	}
	return m
}

// Line is the cart's line of a product, failing the test if there is none.
func (c Cart) Line(t testing.TB, slug string) CartLine {
	t.Helper()
	for _, l := range c.Items {
		if l.Product.Slug == slug {
			return l
		}
	}
	t.Fatalf("no %s in the cart: %+v", slug, c)
	return CartLine{}
}

// Shortage is an insufficient_stock answer: what was asked for and what is left.
type Shortage struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
		Details []struct {
			ProductID int64  `json:"product_id"`
			Name      string `json:"name"`
			Requested int    `json:"requested"`
			Available int    `json:"available"`
		} `json:"details"`
	} `json:"error"`
}

// CheckTotals checks, in exact kopecks, that every line total is price × quantity and that the cart's totals are
// the sums of its lines; it returns the total price.
func CheckTotals(t testing.TB, c Cart) money.Amount {
	t.Helper()
	var sum money.Amount
	var qty int
	for _, l := range c.Items {
		price, lineTotal := Amount(t, l.Product.Price), Amount(t, l.LineTotal)
		if lineTotal != price*money.Amount(l.Quantity) {
			t.Errorf("%s: line total %s is not %s × %d", l.Product.Slug, l.LineTotal, l.Product.Price, l.Quantity)
		}
		sum += lineTotal
		qty += l.Quantity
	}
	if got := Amount(t, c.TotalPrice); got != sum {
		t.Errorf("total_price %s, but the lines add up to %s", c.TotalPrice, sum)
	}
	if c.TotalQuantity != qty {
		t.Errorf("total_quantity %d, but the lines hold %d", c.TotalQuantity, qty)
	}
	return sum
}

// Amount parses a money string of the API exactly; the API writes amounts with exactly two decimals.
func Amount(t testing.TB, s string) money.Amount {
	t.Helper()
	a, err := money.Parse(s)
	if err != nil || !strings.Contains(s, ".") || len(s)-strings.Index(s, ".") != 3 {
		t.Fatalf("%q is not an amount with two decimals: %v", s, err)
	}
	return a
}

// CartDo sends a cart request and returns its answer, failing unless the status is want and the totals add up.
func (s *Server) CartDo(want int, method, path, body string, header ...string) (Cart, Response) {
	s.t.Helper()
	var c Cart
	res := s.expect(want, &c, method, path, body, header...)
	if c.Items == nil {
		s.t.Fatalf("%s %s: items is not a list: %s", method, path, res.Body)
	}
	CheckTotals(s.t, c)
	return c, res
}

// Cart is the cart that header (a customer's Authorization, a guest's X-Cart-Token or cookie) opens.
func (s *Server) Cart(header ...string) Cart {
	s.t.Helper()
	c, _ := s.CartDo(http.StatusOK, "GET", "/api/cart", "", header...)
	return c
}

// AddToCart puts quantity pieces of the product into the cart and returns the cart.
func (s *Server) AddToCart(slug string, quantity int, header ...string) Cart {
	s.t.Helper()
	c, _ := s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":%d}`, s.ID(slug), quantity), header...)
	return c
}
