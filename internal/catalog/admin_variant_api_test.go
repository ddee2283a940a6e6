package catalog_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// The back office's variants: sizes, heights and colours of a product, over HTTP on the real PostgreSQL, every
// answer checked against api/openapi.yaml.

type avVariant struct {
	ID                int64   `json:"id"`
	ProductID         int64   `json:"product_id"`
	SKU               string  `json:"sku"`
	Size              *string `json:"size"`
	Height            *string `json:"height"`
	Color             *string `json:"color"`
	Price             *string `json:"price"`
	OldPrice          *string `json:"old_price"`
	EffectivePrice    string  `json:"effective_price"`
	EffectiveOldPrice *string `json:"effective_old_price"`
	Stock             int     `json:"stock"`
	IsActive          bool    `json:"is_active"`
}

// label is the variant as a test compares it: "SKU size/height/colour price stock", inactive marked with "-".
func (v avVariant) label() string {
	s := func(p *string) string {
		if p == nil {
			return "·"
		}
		return *p
	}
	active := ""
	if !v.IsActive {
		active = " -"
	}
	return fmt.Sprintf("%s %s/%s/%s %s×%d%s", v.SKU, s(v.Size), s(v.Height), s(v.Color), v.EffectivePrice, v.Stock, active)
}

type avProduct struct {
	ID       int64       `json:"id"`
	Stock    int         `json:"stock"`
	Version  int         `json:"version"`
	Variants []avVariant `json:"variants"`
}

func (s *caShop) avGet(id int64) avProduct {
	s.t.Helper()
	var p avProduct
	s.call(http.StatusOK, "GET", fmt.Sprintf("/api/admin/products/%d", id), "").JSON(s.t, &p)
	return p
}

func avLabels(vs []avVariant) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, v.label())
	}
	return out
}

func (s *caShop) avAdd(product int64, body string) avVariant {
	s.t.Helper()
	var v avVariant
	s.call(http.StatusCreated, "POST", fmt.Sprintf("/api/admin/products/%d/variants", product), body).JSON(s.t, &v)
	return v
}

func (s *caShop) avPatch(id int64, body string) avVariant {
	s.t.Helper()
	var v avVariant
	s.call(http.StatusOK, "PATCH", fmt.Sprintf("/api/admin/variants/%d", id), body).JSON(s.t, &v)
	return v
}

func (s *caShop) avStock(id int64, body string) caStockResult {
	s.t.Helper()
	var r caStockResult
	s.call(http.StatusOK, "POST", fmt.Sprintf("/api/admin/variants/%d/stock", id), body).JSON(s.t, &r)
	return r
}

func TestAdminVariantLifecycle(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	vera := s.ID("zhaket-vera") // 16400.00, stock 5
	sku := fmt.Sprintf("MS-%06d", vera)
	before := s.avGet(vera)
	if diff := cmp.Diff([]string{sku + " ·/·/· 16400.00×5"}, avLabels(before.Variants)); diff != "" {
		t.Fatalf("a product of the v1 import (-want +got):\n%s", diff)
	}
	one := before.Variants[0]

	v46 := s.avAdd(vera, `{"size":"46","stock":3}`)
	if v46.SKU != sku+"-46" || v46.ProductID != vera || v46.Price != nil || v46.OldPrice != nil || v46.EffectivePrice != "16400.00" ||
		v46.Stock != 3 || !v46.IsActive {
		t.Errorf("a new size: %+v", v46)
	}
	v48 := s.avAdd(vera, `{"sku":" VERA-48-BLK ","size":"48","height":"164-170","color":" чёрный ","price":17900,"old_price":"19900.5","stock":1}`)
	if v48.SKU != "VERA-48-BLK" || *v48.Color != "чёрный" || *v48.Price != "17900.00" || *v48.OldPrice != "19900.50" ||
		v48.EffectivePrice != "17900.00" || *v48.EffectiveOldPrice != "19900.50" {
		t.Errorf("a new size with its own SKU and price: %+v", v48)
	}
	// A one-size variant of the same colour is another variant; so is the same size in another colour.
	s.avAdd(vera, `{"size":"48","height":"164-170","color":"коричневый"}`)

	after := s.avGet(vera)
	want := []string{sku + " ·/·/· 16400.00×5", sku + "-46 46/·/· 16400.00×3",
		sku + "-48-164-170-korichnevyy 48/164-170/коричневый 16400.00×0", "VERA-48-BLK 48/164-170/чёрный 17900.00×1"}
	if diff := cmp.Diff(want, avLabels(after.Variants)); diff != "" {
		t.Errorf("variants in size order (-want +got):\n%s", diff)
	}
	if after.Stock != 9 || after.Version != before.Version+3 {
		t.Errorf("product stock %d version %d; want 9 and %d", after.Stock, after.Version, before.Version+3)
	}

	// PATCH: absent fields stay, null clears, a form sent back with its stock is fine.
	p := s.avPatch(v48.ID, `{"price":"18500.00","old_price":null}`)
	if *p.Price != "18500.00" || p.OldPrice != nil || p.EffectivePrice != "18500.00" || p.SKU != "VERA-48-BLK" || *p.Size != "48" {
		t.Errorf("PATCH price: %+v", p)
	}
	p = s.avPatch(v48.ID, `{"price":null,"size":"50","height":null,"stock":1}`)
	if p.Price != nil || p.EffectivePrice != "16400.00" || *p.Size != "50" || p.Height != nil || *p.Color != "чёрный" {
		t.Errorf("PATCH clearing the price and the height: %+v", p)
	}
	version := s.avGet(vera).Version
	if same := s.avPatch(v48.ID, `{"size":"50","color":"чёрный","stock":1}`); !cmp.Equal(same, p) || s.avGet(vera).Version != version {
		t.Errorf("a PATCH that changes nothing changed %+v or the version", same)
	}
	if e := s.fails(http.StatusConflict, "stock_changed", "PATCH", fmt.Sprintf("/api/admin/variants/%d", v48.ID), `{"stock":7}`); e.Error.Fields["stock"] == "" {
		t.Errorf("stock_changed does not name stock: %+v", e)
	}
	if p := s.avPatch(v48.ID, `{"is_active":false}`); p.IsActive {
		t.Errorf("deactivated: %+v", p)
	}

	// Stock: per variant; the product's route wants one.
	r := s.avStock(v46.ID, `{"delta":2,"reason":"поставка"}`)
	if r.Stock != 5 || r.ProductID != vera || r.Movement.Delta != 2 || r.Movement.StockAfter != 5 {
		t.Errorf("variant stock +2: %+v", r)
	}
	var moved struct {
		VariantID int64 `json:"variant_id"`
	}
	s.call(http.StatusOK, "POST", fmt.Sprintf("/api/admin/variants/%d/stock", v46.ID), `{"set":4,"reason":"инвентаризация"}`).JSON(t, &moved)
	if moved.VariantID != v46.ID {
		t.Errorf("stock result names variant %d; want %d", moved.VariantID, v46.ID)
	}
	s.fails(http.StatusConflict, "variant_required", "POST", fmt.Sprintf("/api/admin/products/%d/stock", vera), `{"delta":1,"reason":"x"}`)
	s.fails(http.StatusConflict, "negative_stock", "POST", fmt.Sprintf("/api/admin/variants/%d/stock", v46.ID), `{"delta":-5,"reason":"брак"}`)
	s.fails(http.StatusBadRequest, "required", "POST", fmt.Sprintf("/api/admin/variants/%d/stock", v46.ID), `{"delta":1}`)

	// Delete: a variant that orders name stays (deactivate it instead), and they keep their lines.
	anna := s.Customer("anna@mail.ru")
	s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":1}`, v46.ID), anna.Auth...)
	o, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, anna.Auth...)
	s.fails(http.StatusConflict, "variant_in_use", "DELETE", fmt.Sprintf("/api/admin/variants/%d", v46.ID), "")
	var ordered struct {
		Items []struct {
			VariantID int64   `json:"variant_id"`
			SKU       string  `json:"sku"`
			Size      *string `json:"size"`
			Price     string  `json:"price"`
		} `json:"items"`
	}
	s.call(http.StatusOK, "GET", fmt.Sprintf("/api/orders/%d", o.ID), "", anna.Auth...).JSON(t, &ordered)
	if it := ordered.Items; len(it) != 1 || it[0].VariantID != v46.ID || it[0].SKU != sku+"-46" || *it[0].Size != "46" || it[0].Price != "16400.00" {
		t.Errorf("the order of the variant: %+v", ordered)
	}
	if res := s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", o.ID), "", anna.Auth...); res.Status != http.StatusOK {
		t.Errorf("cancelling the order → %d %s", res.Status, res.Body)
	}
	s.fails(http.StatusConflict, "variant_in_use", "DELETE", fmt.Sprintf("/api/admin/variants/%d", v46.ID), "")
	// One no order names goes, with its stock history, and carts lose it; the product keeps at least one.
	var gone []int64
	for _, v := range s.avGet(vera).Variants {
		if v.ID != one.ID && v.ID != v46.ID {
			if v.Stock > 0 && v.IsActive {
				s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":1}`, v.ID), anna.Auth...)
			}
			s.call(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/admin/variants/%d", v.ID), "")
			s.fails(http.StatusNotFound, "variant_not_found", "DELETE", fmt.Sprintf("/api/admin/variants/%d", v.ID), "")
			gone = append(gone, v.ID)
		}
	}
	if c := s.Cart(anna.Auth...); len(c.Items) != 0 || s.Scalar(`SELECT count(*) FROM cart_items`) != 0 {
		t.Errorf("a deleted variant is still in a cart: %+v", c)
	}
	olga := s.ID("zhaket-olga")
	s.fails(http.StatusConflict, "last_variant", "DELETE", fmt.Sprintf("/api/admin/variants/%d", s.avGet(olga).Variants[0].ID), "")
	if got := avLabels(s.avGet(vera).Variants); !cmp.Equal(got, []string{sku + " ·/·/· 16400.00×5", sku + "-46 46/·/· 16400.00×4"}) {
		t.Errorf("after the deletes: %v", got)
	}
	if n := s.Scalar("SELECT count(*) FROM stock_movements WHERE variant_id = ANY ($1)", gone); n != 0 || len(gone) != 2 {
		t.Errorf("%d stock movements of the %d deleted variants remain", n, len(gone))
	}

	entries := s.audit("product", vera)
	wantActions := []string{"variant.create", "variant.create", "variant.create", "variant.update", "variant.update",
		"variant.update", "product.stock", "product.stock", "variant.delete", "variant.delete"}
	if diff := cmp.Diff(wantActions, caActions(entries)); diff != "" {
		t.Fatalf("audit actions (-want +got):\n%s", diff)
	}
	created := entries[len(entries)-2] // the second create: VERA-48-BLK
	if caField(t, created.After, "sku") != `"VERA-48-BLK"` || caField(t, created.After, "product_id") != fmt.Sprint(vera) || created.Before != nil && string(created.Before) != "null" {
		t.Errorf("variant.create logged as %s → %s", created.Before, created.After)
	}
	update := entries[len(entries)-4]
	if caField(t, update.Before, "price") != `"17900.00"` || caField(t, update.After, "price") != `"18500.00"` || *update.Who.ID != s.adminID {
		t.Errorf("variant.update logged as %s → %s by %+v", update.Before, update.After, update.Who)
	}
	if deleted := entries[1]; caField(t, deleted.Before, "id") != fmt.Sprint(gone[0]) || caField(t, deleted.After, "id") != "" {
		t.Errorf("variant.delete logged as %s → %s", deleted.Before, deleted.After)
	}
}

// Every bad input is refused with its code, and nothing is written.
func TestAdminVariantBadInput(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	vera, olga := s.ID("zhaket-vera"), s.ID("zhaket-olga")
	v46 := s.avAdd(vera, `{"size":"46","sku":"VERA-46"}`)
	olgaSKU := s.avGet(olga).Variants[0].SKU
	add := fmt.Sprintf("/api/admin/products/%d/variants", vera)
	patch := fmt.Sprintf("/api/admin/variants/%d", v46.ID)
	before := s.avGet(vera)

	for _, tc := range []struct {
		method, path, body string
		status             int
		code, field        string
	}{
		{"POST", add, `{"size":"45"}`, 400, "invalid_size", "size"},
		{"POST", add, `{"size":"39"}`, 400, "invalid_size", "size"},
		{"POST", add, `{"size":"66"}`, 400, "invalid_size", "size"},
		{"POST", add, `{"size":"XL"}`, 400, "invalid_size", "size"},
		{"POST", add, `{"size":46}`, 400, "invalid_type", "size"},
		{"POST", add, `{"size":"48","sku":"артикул"}`, 400, "invalid_sku", "sku"},
		{"POST", add, `{"size":"48","sku":"-MS"}`, 400, "invalid_sku", "sku"},
		{"POST", add, `{"size":"48","height":" "}`, 400, "invalid_height", "height"},
		{"POST", add, `{"size":"48","height":"` + strings.Repeat("1", 21) + `"}`, 400, "invalid_height", "height"},
		{"POST", add, `{"size":"48","color":"чёрный\u200b"}`, 400, "invalid_color", "color"},
		{"POST", add, `{"size":"48","price":"-1"}`, 400, "invalid_price", "price"},
		{"POST", add, `{"size":"48","old_price":"20000"}`, 400, "invalid_price", "old_price"},
		{"POST", add, `{"size":"48","price":"20000","old_price":"20000"}`, 400, "invalid_price", "old_price"},
		{"POST", add, `{"size":"48","stock":-1}`, 400, "invalid_stock", "stock"},
		{"POST", add, `{"size":"48","stock":null}`, 400, "invalid_type", "stock"},
		{"POST", add, `{"size":"48","kiz":["RU-430302-AAA7582720"]}`, 400, "unknown_field", "kiz"},
		{"POST", add, `{"size":"48","note":"x"}`, 400, "unknown_field", "note"},
		{"POST", add, `{"size":"46"}`, 409, "variant_exists", "size"},                    // the same size twice
		{"POST", add, `{"size":"48","sku":"VERA-46"}`, 409, "sku_exists", "sku"},         // this product's
		{"POST", add, `{"size":"48","sku":"` + olgaSKU + `"}`, 409, "sku_exists", "sku"}, // another product's
		{"POST", "/api/admin/products/999999/variants", `{"size":"48"}`, 404, "product_not_found", ""},
		{"PATCH", patch, `{"size":null}`, 409, "variant_exists", "size"}, // the one-size variant exists
		{"PATCH", patch, `{"sku":"` + olgaSKU + `"}`, 409, "sku_exists", "sku"},
		{"PATCH", patch, `{"sku":null}`, 400, "invalid_type", "sku"},
		{"PATCH", patch, `{"size":"47"}`, 400, "invalid_size", "size"},
		{"PATCH", patch, `{"old_price":"30000"}`, 400, "invalid_price", "old_price"},
		{"PATCH", patch, `{"is_active":null}`, 400, "invalid_type", "is_active"},
		{"PATCH", patch, `{"kiz":[]}`, 400, "unknown_field", "kiz"},
		{"PATCH", "/api/admin/variants/999999", `{"size":"48"}`, 404, "variant_not_found", ""},
		{"PATCH", "/api/admin/variants/abc", `{"size":"48"}`, 404, "variant_not_found", ""},
		{"DELETE", "/api/admin/variants/999999", "", 404, "variant_not_found", ""},
		{"POST", "/api/admin/variants/999999/stock", `{"delta":1,"reason":"x"}`, 404, "variant_not_found", ""},
	} {
		e := s.fails(tc.status, tc.code, tc.method, tc.path, tc.body)
		if tc.field != "" && e.Error.Fields[tc.field] == "" {
			t.Errorf("%s %s %s: fields %v do not name %s", tc.method, tc.path, tc.body, e.Error.Fields, tc.field)
		}
	}
	// Several problems at once are named together.
	if e := s.fails(400, "invalid_input", "POST", add, `{"size":"45","color":"","stock":-2}`); len(e.Error.Fields) != 3 {
		t.Errorf("three problems → fields %v", e.Error.Fields)
	}
	if after := s.avGet(vera); !cmp.Equal(after, before) {
		t.Errorf("refused requests changed the product (-before +after):\n%s", cmp.Diff(before, after))
	}
	// Without staff rights, nothing.
	if res := s.Do("POST", add, `{"size":"48"}`); res.Status != http.StatusUnauthorized {
		t.Errorf("no token → %d", res.Status)
	}
	customer := s.Customer("olga@mail.ru")
	if res := s.Do("DELETE", patch, "", customer.Auth...); res.Status != http.StatusForbidden {
		t.Errorf("a customer → %d", res.Status)
	}
}

// A marked fur variant's stock is its units: set by number nowhere but in the v1 product route, and a variant
// whose units have a КИЗ or were ordered stays.
func TestAdminVariantMarkedFur(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	elena := s.ID("shuba-elena") // stock 2
	s.MarkFur("shuba-elena")
	one := s.avGet(elena).Variants[0]
	add := fmt.Sprintf("/api/admin/products/%d/variants", elena)

	s.fails(http.StatusConflict, "stock_by_units", "POST", add, `{"size":"48","stock":1}`)
	v48 := s.avAdd(elena, `{"size":"48","stock":0}`)
	v50 := s.avAdd(elena, `{"size":"50"}`)
	s.fails(http.StatusConflict, "stock_by_units", "POST", fmt.Sprintf("/api/admin/variants/%d/stock", v48.ID), `{"set":3,"reason":"поставка"}`)
	s.fails(http.StatusConflict, "variant_required", "POST", fmt.Sprintf("/api/admin/products/%d/stock", elena), `{"set":3,"reason":"поставка"}`)

	// A piece received with its КИЗ keeps its variant.
	s.Exec("INSERT INTO fur_units (variant_id, kiz) VALUES ($1, 'RU-430302-AAA7582720')", v48.ID)
	s.Exec("UPDATE product_variants SET stock = 1 WHERE id = $1", v48.ID)
	s.fails(http.StatusConflict, "variant_in_use", "DELETE", fmt.Sprintf("/api/admin/variants/%d", v48.ID), "")

	// A piece counted by number (no КИЗ yet) that an order took keeps its variant too …
	anna := s.Customer("anna@mail.ru")
	s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":1}`, one.ID), anna.Auth...)
	o, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, anna.Auth...)
	s.fails(http.StatusConflict, "variant_in_use", "DELETE", fmt.Sprintf("/api/admin/variants/%d", one.ID), "")
	// … also once the order is cancelled and the piece back on sale.
	if res := s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", o.ID), "", anna.Auth...); res.Status != http.StatusOK {
		t.Fatalf("cancel → %d %s", res.Status, res.Body)
	}
	s.fails(http.StatusConflict, "variant_in_use", "DELETE", fmt.Sprintf("/api/admin/variants/%d", one.ID), "")

	// Units that are only a count go with their variant.
	s.Exec("INSERT INTO fur_units (variant_id) VALUES ($1), ($1)", v50.ID)
	s.Exec("UPDATE product_variants SET stock = 2 WHERE id = $1", v50.ID)
	s.call(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/admin/variants/%d", v50.ID), "")
	if n := s.Scalar("SELECT count(*) FROM fur_units f WHERE NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.id = f.variant_id)"); n != 0 {
		t.Errorf("%d units of a deleted variant", n)
	}
	if got := avLabels(s.avGet(elena).Variants); len(got) != 2 {
		t.Errorf("variants left: %v", got)
	}
}

// A variant added through the back office shows at once in the public card, listing and cart, cache or not.
func TestAdminVariantPublicFollowsAtOnce(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	s.WatchCatalog()
	vera, olga := s.ID("zhaket-vera"), s.ID("zhaket-olga")
	type card struct {
		Stock    int      `json:"stock"`
		Price    string   `json:"price"`
		Sizes    []string `json:"sizes"`
		Variants []struct {
			ID    int64   `json:"id"`
			Size  *string `json:"size"`
			Stock int     `json:"stock"`
		} `json:"variants"`
	}
	read := func() card {
		t.Helper()
		var c card
		s.call(http.StatusOK, "GET", fmt.Sprintf("/api/products/%d", vera), "").JSON(t, &c)
		return c
	}
	sizes := func(c card) string {
		var out []string
		for _, v := range c.Variants {
			size := "·"
			if v.Size != nil {
				size = *v.Size
			}
			out = append(out, fmt.Sprintf("%s×%d", size, v.Stock))
		}
		return strings.Join(out, " ")
	}
	for range 2 { // the second answers come from the cache
		if c := read(); sizes(c) != "·×5" {
			t.Fatalf("card before: %s", sizes(c))
		}
		s.publicSlugs("category=zhakety&size=46")
	}

	v46 := s.avAdd(vera, `{"size":"46","stock":2,"price":"15000"}`)
	if c := read(); sizes(c) != "·×5 46×2" || c.Stock != 7 || c.Price != "15000.00" || !cmp.Equal(c.Sizes, []string{"46"}) {
		t.Errorf("card right after the new size: %s, stock %d, price %s, sizes %v", sizes(c), c.Stock, c.Price, c.Sizes)
	}
	if got := s.publicSlugs("category=zhakety&size=46"); !cmp.Equal(got, []string{"zhaket-vera"}) {
		t.Errorf("listing size=46 right after: %v", got)
	}
	// A listing shows, filters and sorts by the lowest price: the new size's.
	listed := func(query string) map[string]string {
		t.Helper()
		var p page
		s.call(http.StatusOK, "GET", "/api/products/get_products?"+query, "").JSON(t, &p)
		out := map[string]string{}
		for _, r := range p.Results {
			out[r.Slug] = r.Price
		}
		return out
	}
	if got := listed("category=zhakety&max_price=15500"); got["zhaket-vera"] != "15000.00" {
		t.Errorf("listing up to 15500.00 right after a size at 15000.00: %v", got)
	}
	s.avStock(v46.ID, `{"set":0,"reason":"продано в салоне"}`)
	if c := read(); sizes(c) != "·×5 46×0" || len(c.Sizes) != 0 {
		t.Errorf("card right after the stock change: %s, sizes %v", sizes(c), c.Sizes)
	}
	if got := s.publicSlugs("category=zhakety&size=46"); len(got) != 0 {
		t.Errorf("listing size=46 after it sold out: %v", got)
	}
	s.avStock(v46.ID, `{"set":2,"reason":"поставка"}`)

	// The cart: the product alone is no longer enough; the variant is, of its own product only.
	anna := s.Customer("anna@mail.ru")
	e := s.fails(http.StatusBadRequest, "variant_required", "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, vera), anna.Auth...)
	var choices []struct {
		ID    int64   `json:"id"`
		Size  *string `json:"size"`
		Price string  `json:"price"`
		Stock int     `json:"stock"`
	}
	if err := json.Unmarshal(e.Error.Details, &choices); err != nil || len(choices) != 2 ||
		choices[0].Size != nil || choices[0].Price != "16400.00" || choices[0].Stock != 5 ||
		choices[1].ID != v46.ID || choices[1].Price != "15000.00" || choices[1].Stock != 2 {
		t.Errorf("variant_required lists the sizes to choose from with their prices and stock, in size order: %s (%v)", e.Error.Details, err)
	}
	s.fails(http.StatusBadRequest, "variant_mismatch", "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"variant_id":%d}`, olga, v46.ID), anna.Auth...)
	s.fails(http.StatusBadRequest, "variant_mismatch", "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"variant_id":%d,"quantity":1}`, olga, v46.ID), anna.Auth...)
	c, _ := s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":2}`, v46.ID), anna.Auth...)
	if len(c.Items) != 1 || c.Items[0].Product.Slug != "zhaket-vera" || c.Items[0].Product.Price != "15000.00" {
		t.Errorf("cart with the new size: %+v", c)
	}

	s.fails(http.StatusBadRequest, "variant_mismatch", "DELETE", "/api/cart", fmt.Sprintf(`{"product_id":%d,"variant_id":%d}`, olga, v46.ID), anna.Auth...)
	s.avPatch(v46.ID, `{"is_active":false}`)
	if c := read(); sizes(c) != "·×5" {
		t.Errorf("card right after deactivating: %s", sizes(c))
	}
	if got := listed("category=zhakety"); got["zhaket-vera"] != "16400.00" || listed("category=zhakety&max_price=15500")["zhaket-vera"] != "" {
		t.Errorf("listing after the cheaper size left sale: %v", got)
	}
	if c := s.Cart(anna.Auth...); len(c.Items) != 1 || c.Items[0].Available {
		t.Errorf("cart line of a deactivated variant: %+v", c.Items)
	}
	s.avPatch(v46.ID, `{"is_active":true}`)
	s.call(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/admin/variants/%d", v46.ID), "")
	if c := read(); sizes(c) != "·×5" {
		t.Errorf("card right after the delete: %s", sizes(c))
	}
	if c := s.Cart(anna.Auth...); len(c.Items) != 0 {
		t.Errorf("cart after the delete: %+v", c.Items)
	}
}

// A product created with its variants, as the import gives them.
func TestAdminVariantCreateProductWithVariants(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	cat := s.category("zhakety").ID
	body := func(extra string) string {
		return fmt.Sprintf(`{"name":"Жакет «Мила»","category_id":%d,"price":"24990"%s}`, cat, extra)
	}
	var p struct {
		avProduct
		Slug string `json:"slug"`
	}
	s.call(http.StatusCreated, "POST", "/api/admin/products", body(`,"variants":[
		{"size":"48","stock":1},{"size":"44","stock":2,"color":"чёрный"},{"size":"44","color":"белый","price":"26990","old_price":"29990"},
		{"sku":"MILA-46","size":"46","stock":3}]`)).JSON(t, &p)
	prefix := fmt.Sprintf("MS-%06d", p.ID)
	want := []string{prefix + "-44-belyy 44/·/белый 26990.00×0", prefix + "-44-chyornyy 44/·/чёрный 24990.00×2",
		"MILA-46 46/·/· 24990.00×3", prefix + "-48 48/·/· 24990.00×1"}
	if diff := cmp.Diff(want, avLabels(p.Variants)); diff != "" || p.Stock != 6 {
		t.Errorf("created with variants, stock %d (-want +got):\n%s", p.Stock, diff)
	}
	if got := s.avGet(p.ID); !cmp.Equal(got, p.avProduct) {
		t.Errorf("GET differs from the answer (-answer +got):\n%s", cmp.Diff(p.avProduct, got))
	}
	var listed page
	s.Do("GET", "/api/products?category=zhakety&size=44", "").JSON(t, &listed)
	if !cmp.Equal(listed.slugs(), []string{p.Slug}) {
		t.Errorf("listing size=44: %v", listed.slugs())
	}
	if n := s.Scalar("SELECT count(*) FROM stock_movements WHERE product_id = $1", p.ID); n != 3 {
		t.Errorf("%d stock movements; want one per variant with stock", n)
	}

	// A natural-fur product: its pieces are units, with the codes given and without for the rest.
	var fur avProduct
	s.call(http.StatusCreated, "POST", "/api/admin/products", body(`,"marked_fur":true,"stock":4,"variants":[
		{"size":"46","kiz":["RU-430302-AAA7582720"," RU-430302-AAA7582721"]},{"size":"48","stock":2,"kiz":["RU-430302-AAA7582722"]}]`)).JSON(t, &fur)
	if fur.Stock != 4 || len(fur.Variants) != 2 || fur.Variants[0].Stock != 2 || fur.Variants[1].Stock != 2 {
		t.Errorf("marked product with codes: %+v", fur)
	}
	for _, v := range fur.Variants {
		if n := s.Scalar("SELECT count(*) FROM fur_units WHERE variant_id = $1 AND status = 'available'", v.ID); n != v.Stock {
			t.Errorf("variant %s: %d units, stock %d", v.SKU, n, v.Stock)
		}
	}
	if n := s.Scalar("SELECT count(*) FROM fur_units WHERE kiz LIKE 'RU-430302-AAA758272_'"); n != 3 {
		t.Errorf("%d units with the codes given; want 3", n)
	}

	count := s.Scalar("SELECT count(*) FROM products")
	for _, tc := range []struct {
		extra       string
		status      int
		code, field string
	}{
		{`,"variants":[]`, 400, "invalid_variants", "variants"},
		{`,"variants":[{"sise":"46"}]`, 400, "unknown_field", "sise"},
		{`,"variants":[{"size":46}]`, 400, "invalid_type", "variants.size"},
		{`,"variants":{"size":"46"}`, 400, "invalid_type", "variants"},
		{`,"variants":[{"size":"46"},{"size":"46"}]`, 400, "duplicate_variant", "variants[1].size"},
		{`,"variants":[{"size":"46","sku":"A-1"},{"size":"48","sku":"A-1"}]`, 400, "duplicate_sku", "variants[1].sku"},
		{`,"variants":[{"size":"47"}]`, 400, "invalid_size", "variants[0].size"},
		{`,"stock":5,"variants":[{"size":"46","stock":2}]`, 400, "invalid_stock", "stock"},
		{`,"variants":[{"size":"46","kiz":["RU-430302-AAA7582799"]}]`, 400, "invalid_kiz", "variants[0].kiz"},
		{`,"marked_fur":true,"variants":[{"size":"46","kiz":["RU-1"]}]`, 400, "invalid_kiz", "variants[0].kiz[0]"},
		{`,"marked_fur":true,"variants":[{"size":"46","kiz":["RU-430302-AAA7582799","RU-430302-AAA7582799"]}]`, 400, "duplicate_kiz", "variants[0].kiz[1]"},
		{`,"marked_fur":true,"variants":[{"size":"46","kiz":["RU-430302-AAA7582799"]},{"size":"48","kiz":["RU-430302-AAA7582799"]}]`, 400, "duplicate_kiz", "variants[1].kiz[0]"},
		{`,"marked_fur":true,"variants":[{"size":"46","stock":1,"kiz":["RU-430302-AAA7582798","RU-430302-AAA7582799"]}]`, 400, "invalid_stock", "variants[0].stock"},
		{`,"marked_fur":true,"variants":[{"size":"46","kiz":["RU-430302-AAA7582799"]},{"size":"48","kiz":["RU-430302-AAA7582721"]}]`, 409, "kiz_exists", "variants[1].kiz[0]"},
		{`,"variants":[{"size":"46","sku":"MILA-46"}]`, 409, "sku_exists", "variants[0].sku"},
		{`,"variants":[{"size":"46"}],"stock":null`, 201, "", ""}, // null stock with variants: theirs
	} {
		if tc.status == 201 {
			s.call(http.StatusCreated, "POST", "/api/admin/products", body(tc.extra))
			count++
			continue
		}
		if e := s.fails(tc.status, tc.code, "POST", "/api/admin/products", body(tc.extra)); e.Error.Fields[tc.field] == "" {
			t.Errorf("%s: fields %v do not name %s", tc.extra, e.Error.Fields, tc.field)
		}
	}
	s.fails(http.StatusBadRequest, "required", "POST", "/api/admin/products", body(``)) // no stock, no variants
	s.fails(http.StatusBadRequest, "unknown_field", "PATCH", fmt.Sprintf("/api/admin/products/%d", p.ID), `{"variants":[{"size":"50"}]}`)
	if n := s.Scalar("SELECT count(*) FROM products"); n != count {
		t.Errorf("%d products after the refused ones; want %d", n, count)
	}
	if n := s.Scalar("SELECT count(*) FROM fur_units WHERE kiz = 'RU-430302-AAA7582799'"); n != 0 {
		t.Errorf("a refused product left a unit behind")
	}
}

// Staff adding the same size at the same moment: one wins, the others hear variant_exists; SKUs made at the
// same moment are each unique.
func TestAdminVariantConcurrentCreates(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	vera := s.ID("zhaket-vera")
	const n = 8
	statuses := make([]int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			body := `{"size":"50"}`
			if i%2 == 1 { // colours that differ only in case: the same SKU is made for each, then -2, -3 …
				body = fmt.Sprintf(`{"size":"52","color":%q}`, []string{"цвет", "Цвет", "ЦВЕТ", "цВет"}[i/2])
			}
			statuses[i] = s.Do("POST", fmt.Sprintf("/api/admin/products/%d/variants", vera), body, s.admin...).Status
		})
	}
	close(start)
	wg.Wait()
	count := map[int]int{}
	for _, st := range statuses {
		count[st]++
	}
	if diff := cmp.Diff(map[int]int{http.StatusCreated: 1 + n/2, http.StatusConflict: n/2 - 1}, count); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	if dup := s.Scalar("SELECT count(*) - count(DISTINCT sku) FROM product_variants"); dup != 0 {
		t.Errorf("%d SKUs repeat", dup)
	}
	if n := s.Scalar("SELECT count(*) FROM product_variants WHERE product_id = $1 AND sku LIKE $2", vera, fmt.Sprintf("MS-%06d-52-tsvet%%", vera)); n != 4 {
		t.Errorf("%d SKUs made of the size and colour; want 4", n)
	}
}
