package order_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/catalog/catalogtest"
)

// sizes gives the marked coat «Елена» the sizes with their stock, each piece a received unit with its own КИЗ,
// straight in the database (receiving is tested in the catalog), and returns the variants' ids by size.
func sizes(t *testing.T, s *apptest.Server, stock map[string]int) map[string]int64 {
	t.Helper()
	s.MarkFur("shuba-elena")
	product := s.ID("shuba-elena")
	s.Exec("UPDATE product_variants SET is_active = false WHERE product_id = $1", product) // its one-size variant
	ids := map[string]int64{}
	serial := 0
	for size, n := range stock {
		var id int64
		if err := s.DB.QueryRow(context.Background(), `INSERT INTO product_variants (product_id, sku, size, stock)
			VALUES ($1, $2, $3, $4) RETURNING id`, product, "ELENA-"+size, size, n).Scan(&id); err != nil {
			t.Fatal(err)
		}
		for range n {
			serial++
			s.Exec("INSERT INTO fur_units (variant_id, kiz) VALUES ($1, $2)", id, fmt.Sprintf("RU-430302-ELN%07d", serial))
		}
		ids[size] = id
	}
	return ids
}

// addVariants puts one of each variant into each customer's cart, in the order given for that customer.
func addVariants(t *testing.T, s *apptest.Server, buyers []apptest.Customer, variants func(i int) []int64) {
	t.Helper()
	var wg sync.WaitGroup
	for i, b := range buyers {
		wg.Go(func() {
			for _, v := range variants(i) {
				if res := s.Do("POST", "/api/cart", fmt.Sprintf(`{"variant_id":%d}`, v), b.Auth...); res.Status != http.StatusCreated {
					t.Errorf("customer %d adds variant %d → %d %s", i, v, res.Status, res.Body)
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
}

// N customers race for the last coat of size 48 while size 46 has plenty: exactly one gets the 48 (with both
// coats), the others are told size 48 is short and take nothing, no unit is reserved twice and no stock goes
// below zero.
func TestRaceForTheLastUnitOfASize(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	v := sizes(t, s, map[string]int{"46": 20, "48": 1})
	buyers := customers(t, s, 8)
	addVariants(t, s, buyers, func(i int) []int64 {
		if i%2 == 0 {
			return []int64{v["46"], v["48"]}
		}
		return []int64{v["48"], v["46"]}
	})
	headers := make([][]string, len(buyers))
	for i, b := range buyers {
		headers[i] = b.Auth
	}
	won := 0
	for i, res := range placeAll(t, s, headers) {
		switch res.Status {
		case http.StatusCreated:
			won++
			// The order page needs no second request per line: each names its variant, slug and picture.
			var o struct {
				Items []struct {
					Slug    string `json:"slug"`
					Variant *struct {
						ID   int64   `json:"id"`
						Size *string `json:"size"`
					} `json:"variant"`
				} `json:"items"`
			}
			res.JSON(t, &o)
			for _, it := range o.Items {
				if it.Variant == nil || it.Variant.Size == nil || v[*it.Variant.Size] != it.Variant.ID || it.Slug == "" {
					t.Errorf("an order line does not name its variant and slug: %s", res.Body)
				}
			}
			if len(o.Items) != 2 {
				t.Errorf("the order has %d lines; want 2 (46 and 48)", len(o.Items))
			}
		case http.StatusConflict:
			var e struct {
				Error struct {
					Code    string `json:"code"`
					Details []struct {
						VariantID int64 `json:"variant_id"`
					} `json:"details"`
				} `json:"error"`
			}
			res.JSON(t, &e)
			if e.Error.Code != "insufficient_stock" || len(e.Error.Details) != 1 || e.Error.Details[0].VariantID != v["48"] {
				t.Errorf("customer %d refused with %s", i, res.Body)
			}
		default:
			t.Errorf("customer %d → %d %s", i, res.Status, res.Body)
		}
	}
	if won != 1 {
		t.Errorf("%d customers got the last 48; want exactly 1", won)
	}
	check := func(what, query string, want int) {
		t.Helper()
		if got := s.Scalar(query); got != want {
			t.Errorf("%s: %d; want %d", what, got, want)
		}
	}
	check("units of size 48 reserved", fmt.Sprintf("SELECT count(*) FROM fur_units WHERE variant_id = %d AND status = 'reserved'", v["48"]), 1)
	check("units of size 46 reserved", fmt.Sprintf("SELECT count(*) FROM fur_units WHERE variant_id = %d AND status = 'reserved'", v["46"]), 1)
	check("stock of 48", fmt.Sprintf("SELECT stock FROM product_variants WHERE id = %d", v["48"]), 0)
	check("stock of 46", fmt.Sprintf("SELECT stock FROM product_variants WHERE id = %d", v["46"]), 19)
	check("units in two orders", "SELECT count(*) FROM (SELECT id FROM fur_units GROUP BY id HAVING count(DISTINCT order_id) > 1) x", 0)
	check("marked stock that is not its available units", `SELECT count(*) FROM product_variants v JOIN products p
		ON p.id = v.product_id WHERE p.marked_fur AND v.stock <>
		(SELECT count(*) FROM fur_units f WHERE f.variant_id = v.id AND f.status = 'available')`, 0)
}

// Orders that hold the same sizes in opposite orders all go through: the variants are locked in id order
// whatever the cart says, so no two orders wait for each other in a circle.
func TestOrdersOfSizesInOppositeOrdersDoNotDeadlock(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	v := sizes(t, s, map[string]int{"44": 10, "50": 10})
	buyers := customers(t, s, 8)
	addVariants(t, s, buyers, func(i int) []int64 {
		if i%2 == 0 {
			return []int64{v["44"], v["50"]}
		}
		return []int64{v["50"], v["44"]}
	})
	headers := make([][]string, len(buyers))
	for i, b := range buyers {
		headers[i] = b.Auth
	}
	for i, res := range placeAll(t, s, headers) {
		if res.Status != http.StatusCreated {
			t.Errorf("customer %d → %d %s", i, res.Status, res.Body)
			continue
		}
		var o apptest.Order
		res.JSON(t, &o)
		if len(o.Items) != 2 {
			b, _ := json.Marshal(o.Items)
			t.Errorf("customer %d's order holds %s", i, b)
		}
	}
	if got := s.Scalar("SELECT count(*) FROM fur_units WHERE status = 'reserved'"); got != 16 {
		t.Errorf("%d units reserved; want 16", got)
	}
}

// Staff mark a product as natural fur while customers order it: either the marking comes first and every order
// reserves a unit, or an order does and the marking is refused (409 product_in_open_orders, the orders' pieces
// were counted without units); never an order that took stock without the unit it needed, and never a 500.
func TestMarkingFurWhileOrdersArePlaced(t *testing.T) {
	t.Parallel()
	const buyers = 8
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	palantin := s.ID("palantin")
	s.Exec("UPDATE product_variants SET stock = 40 WHERE product_id = $1", palantin)
	all := customers(t, s, buyers)
	fillCarts(t, s, all, func(int) []string { return []string{"palantin"} })
	headers := make([][]string, len(all))
	for i, b := range all {
		headers[i] = b.Auth
	}
	var mark apptest.Response
	var wg sync.WaitGroup
	wg.Go(func() {
		mark = s.Do("PATCH", fmt.Sprintf("/api/admin/products/%d", palantin), `{"marked_fur":true}`, boss...)
	})
	for i, res := range placeAll(t, s, headers) {
		if res.Status != http.StatusCreated {
			t.Errorf("customer %d → %d %s", i, res.Status, res.Body)
		}
	}
	wg.Wait()
	q := func(sql string) int { return s.Scalar(sql, palantin) }
	units := q(`SELECT count(*) FROM fur_units f JOIN product_variants v ON v.id = f.variant_id WHERE v.product_id = $1 AND f.status = 'reserved'`)
	markedLines := q(`SELECT count(*) FROM order_items WHERE product_id = $1 AND marked_fur`)
	switch mark.Status {
	case http.StatusOK:
		if units != buyers || markedLines != buyers {
			t.Errorf("marked first: %d units reserved, %d marked order lines; want %d of each", units, markedLines, buyers)
		}
	case http.StatusConflict:
		if e := apptest.ErrorOf(t, mark); e.Error.Code != "product_in_open_orders" || units != 0 || markedLines != 0 ||
			q(`SELECT count(*) FROM products WHERE id = $1 AND marked_fur`) != 0 {
			t.Errorf("refused marking: %s; %d units reserved, %d marked lines; want none", mark.Body, units, markedLines)
		}
	default:
		t.Fatalf("marking → %d %s", mark.Status, mark.Body)
	}
	if n := q(`SELECT count(*) FROM product_variants v JOIN products p ON p.id = v.product_id WHERE p.id = $1 AND p.marked_fur
		AND v.stock <> (SELECT count(*) FROM fur_units f WHERE f.variant_id = v.id AND f.status = 'available')`); n != 0 {
		t.Errorf("%d marked variants whose stock is not their available units", n)
	}
	if n := q(`SELECT count(*) FROM product_variants v JOIN products p ON p.id = v.product_id WHERE p.id = $1 AND v.marked_fur <> p.marked_fur`); n != 0 {
		t.Errorf("%d variants whose marking is not the product's", n)
	}
}

// An import that marks a product open orders hold is refused, naming it, with nothing written; once the order
// is cancelled it goes through.
func TestImportMarkingAProductInOpenOrders(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	o := s.Place(anna, apptest.SeedOrder, "palantin", 1)
	file := catalogtest.File()
	for i := range file.Products {
		if file.Products[i].Slug == "palantin" {
			file.Products[i].MarkedFur = true
		}
	}
	importFile := func() error {
		_, err := s.App.Catalog.Import(context.Background(), file, catalogtest.Pictures(t), s.App.Media, nil)
		return err
	}
	var refused *catalog.ImportError
	if err := importFile(); !errors.As(err, &refused) || !strings.Contains(err.Error(), `"palantin"`) {
		t.Fatalf("import marking a product in an open order: %v; want an ImportError naming it", err)
	}
	if n := s.Scalar(`SELECT count(*) FROM products WHERE slug = 'palantin' AND marked_fur`); n != 0 {
		t.Errorf("the refused import marked the product")
	}
	if res := s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", o.ID), "", anna...); res.Status != http.StatusOK {
		t.Fatalf("cancel → %d %s", res.Status, res.Body)
	}
	if err := importFile(); err != nil {
		t.Fatalf("import once the order is cancelled: %v", err)
	}
	if n := s.Scalar(`SELECT count(*) FROM product_variants v JOIN products p ON p.id = v.product_id WHERE p.slug = 'palantin'
		AND v.marked_fur AND v.stock = (SELECT count(*) FROM fur_units f WHERE f.variant_id = v.id AND f.status = 'available')`); n != 1 {
		t.Errorf("the marked palantin's stock is not its units")
	}
}
