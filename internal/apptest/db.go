package apptest

import (
	"context"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/catalog"
)

// productIDs reads the ids of the test catalog's products by slug.
func (s *Server) productIDs() map[string]int64 {
	s.t.Helper()
	rows, err := s.DB.Query(context.Background(), "SELECT slug, id FROM products")
	if err != nil {
		s.t.Fatal(err)
	}
	defer rows.Close()
	ids := map[string]int64{}
	for rows.Next() {
		var slug string
		var id int64
		if err := rows.Scan(&slug, &id); err != nil {
			s.t.Fatal(err)
		}
		ids[slug] = id
	}
	if err := rows.Err(); err != nil {
		s.t.Fatal(err)
	}
	return ids
}

// ID is the product id of a slug of the test catalog, inactive products included.
func (s *Server) ID(slug string) int64 {
	s.t.Helper()
	id, ok := s.ids[slug]
	if !ok {
		s.t.Fatalf("no product %q in the fixture catalog", slug)
	}
	return id
}

// Exec runs SQL on the store's database through DB, as staff or another process would.
func (s *Server) Exec(sql string, args ...any) {
	s.t.Helper()
	if _, err := s.DB.Exec(context.Background(), sql, args...); err != nil {
		s.t.Fatalf("%s: %v", sql, err)
	}
}

// Scalar runs a query that answers one whole number.
func (s *Server) Scalar(sql string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.DB.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		s.t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// Stock is how many of a product the warehouse holds, read from the database.
func (s *Server) Stock(slug string) int {
	s.t.Helper()
	return s.Scalar("SELECT coalesce(sum(v.stock), 0) FROM product_variants v JOIN products p ON p.id = v.product_id WHERE p.slug = $1", slug)
}

// Stocks reads the stock of several products at once, as slug → stock.
func (s *Server) Stocks(slugs ...string) map[string]int {
	s.t.Helper()
	m := map[string]int{}
	for _, slug := range slugs {
		m[slug] = s.Stock(slug)
	}
	return m
}

// WaitFor polls cond until it holds, and fails the test if it does not within 10 seconds: for what the store
// does in the background (change notifications, the mail worker).
func WaitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("not within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// MarkFur makes the product a natural-fur garment through the back office's service, as staff would: each
// piece in stock becomes a unit whose КИЗ is not known yet.
func (s *Server) MarkFur(slug string) {
	s.t.Helper()
	if _, err := s.App.Catalog.Admin().UpdateProduct(context.Background(), account.User{}, s.ID(slug),
		catalog.ProductInput{MarkedFur: new(true)}); err != nil {
		s.t.Fatalf("mark %s as fur: %v", slug, err)
	}
}
