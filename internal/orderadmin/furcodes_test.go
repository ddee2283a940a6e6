package orderadmin_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// fur-codes (issue 11): a code of a unit on the shelf swaps that unit into the order; a code a unit was
// received with stays with it; a line is named by its variant when the order has two sizes of one coat; and
// once a payment's receipt has named the units, they stay as they are.
func TestAdminOrderFurCodesSwapUnits(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	s.MarkFur("shuba-elena") // two units whose КИЗ is not known yet
	s.MarkFur("shuba-sobol")
	elena := s.ID("shuba-elena")
	v := int64(s.Scalar(`SELECT id FROM product_variants WHERE product_id = $1`, elena))
	sobol := int64(s.Scalar(`SELECT id FROM product_variants WHERE product_id = $1`, s.ID("shuba-sobol")))
	receive := func(variant int64, codes string) {
		t.Helper()
		if res := s.Do("POST", fmt.Sprintf("/api/admin/variants/%d/units", variant), `{"kiz":[`+codes+`]}`, boss...); res.Status != http.StatusCreated {
			t.Fatalf("receive %s → %d %s", codes, res.Status, res.Body)
		}
	}
	receive(v, `"RU-430302-ELE0000001","RU-430302-ELE0000002"`)
	receive(sobol, `"RU-430302-SOB0000001"`)

	o := s.Place(anna.Auth, apptest.OnlineOrder, "shuba-elena", 1) // takes the oldest unit: one without a code
	path := fmt.Sprintf("/api/admin/orders/%d/fur-codes", o.ID)
	put := func(want int, code, body string) {
		t.Helper()
		res := s.Do("PUT", path, body, boss...)
		if e := apptest.ErrorOf(t, res); res.Status != want || (code != "" && e.Error.Code != code) {
			t.Fatalf("PUT %s → %d %s; want %d %s", body, res.Status, res.Body, want, code)
		}
	}
	inOrder := func(code string) bool {
		return s.Scalar(`SELECT count(*) FROM fur_units WHERE kiz = $1 AND status = 'reserved' AND order_id = $2`, code, o.ID) == 1
	}
	onShelf := func(code string) bool {
		return s.Scalar(`SELECT count(*) FROM fur_units WHERE kiz = $1 AND status = 'available' AND order_id IS NULL`, code) == 1
	}
	stock := func() int { return s.Scalar(`SELECT stock FROM product_variants WHERE id = $1`, v) }
	if stock() != 3 {
		t.Fatalf("stock %d after receiving 2 and ordering 1 of 2; want 3", stock())
	}

	put(http.StatusOK, "", `{"variant_id":`+fmt.Sprint(v)+`,"codes":["RU-430302-ELE0000001"]}`)
	if !inOrder("RU-430302-ELE0000001") || stock() != 3 ||
		s.Scalar(`SELECT count(*) FROM fur_units WHERE variant_id = $1 AND kiz IS NULL AND status = 'available'`, v) != 2 {
		t.Errorf("the shelf's unit is not swapped in, the order's going back: stock %d", stock())
	}
	// Its code came with it from the supplier: it cannot be cleared or replaced by a code nobody received...
	put(http.StatusConflict, "kiz_permanent", fmt.Sprintf(`{"product_id":%d,"codes":[]}`, elena))
	put(http.StatusConflict, "kiz_permanent", fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-NEW0000001"]}`, elena))
	// ...nor by a unit of another coat, but by another unit of the same size on the shelf.
	put(http.StatusBadRequest, "kiz_unavailable", fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-SOB0000001"]}`, elena))
	put(http.StatusOK, "", fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-ELE0000002"]}`, elena))
	if !inOrder("RU-430302-ELE0000002") || !onShelf("RU-430302-ELE0000001") || stock() != 3 {
		t.Errorf("the second swap: the new unit in the order %v, the old one on the shelf %v, stock %d",
			inOrder("RU-430302-ELE0000002"), onShelf("RU-430302-ELE0000001"), stock())
	}
	// A unit that no order holds swapped in twice? The first order's unit is not on the shelf.
	other := s.Place(anna.Auth, apptest.OnlineOrder, "shuba-elena", 1)
	res := s.Do("PUT", fmt.Sprintf("/api/admin/orders/%d/fur-codes", other.ID), fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-ELE0000002"]}`, elena), boss...)
	if e := apptest.ErrorOf(t, res); res.Status != http.StatusBadRequest || e.Error.Code != "kiz_unavailable" {
		t.Errorf("a unit of another order swapped in → %d %s; want 400 kiz_unavailable", res.Status, res.Body)
	}

	// Once paying has begun, the receipt has named the unit: it stays.
	s.Pay(http.StatusCreated, o.ID, anna.Auth)
	put(http.StatusConflict, "receipt_issued", fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-ELE0000001"]}`, elena))
	if !inOrder("RU-430302-ELE0000002") {
		t.Error("a refused request moved the order's unit")
	}
}

// An order with two sizes of one coat: fur-codes names the line by variant_id; product_id alone is ambiguous.
func TestAdminOrderFurCodesTwoSizes(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	s.MarkFur("shuba-elena")
	elena := s.ID("shuba-elena")
	v := int64(s.Scalar(`SELECT id FROM product_variants WHERE product_id = $1`, elena))
	var v48 struct {
		ID int64 `json:"id"`
	}
	res := s.Do("POST", fmt.Sprintf("/api/admin/products/%d/variants", elena), `{"size":"48"}`, boss...)
	if res.Status != http.StatusCreated {
		t.Fatalf("new size → %d %s", res.Status, res.Body)
	}
	res.JSON(t, &v48)
	if res := s.Do("POST", fmt.Sprintf("/api/admin/variants/%d/units", v48.ID), `{"kiz":["RU-430302-ELE0000048"]}`, boss...); res.Status != http.StatusCreated {
		t.Fatalf("receive → %d %s", res.Status, res.Body)
	}
	for _, id := range []int64{v, v48.ID} {
		s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"variant_id":%d}`, id), anna.Auth...)
	}
	o, _ := s.PlaceOrder(http.StatusCreated, aoPickup, anna.Auth...)
	path := fmt.Sprintf("/api/admin/orders/%d/fur-codes", o.ID)
	if res := s.Do("PUT", path, fmt.Sprintf(`{"product_id":%d,"codes":[]}`, elena), boss...); res.Status != http.StatusBadRequest ||
		apptest.ErrorOf(t, res).Error.Code != "variant_required" {
		t.Errorf("product_id of a product with two lines → %d %s; want 400 variant_required", res.Status, res.Body)
	}
	if res := s.Do("PUT", path, fmt.Sprintf(`{"variant_id":%d,"codes":["RU-430302-ELE0000001"]}`, v), boss...); res.Status != http.StatusOK {
		t.Fatalf("the first size's line by variant_id → %d %s", res.Status, res.Body)
	}
	if n := s.Scalar(`SELECT count(*) FROM fur_units WHERE order_id = $1 AND variant_id = $2 AND kiz = 'RU-430302-ELE0000001'`, o.ID, v); n != 1 {
		t.Errorf("the code went to %d units of the line; want 1", n)
	}
}

// A line with a unit received with its code and one without: a shelf code and a new code in one request swap
// out the coded unit and give the new code to the other, whatever order the codes come in.
func TestAdminOrderFurCodesSwapAndNewCodeTogether(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	s.MarkFur("shuba-elena") // two units without a code: the oldest, which the order takes
	elena := s.ID("shuba-elena")
	v := s.Scalar(`SELECT id FROM product_variants WHERE product_id = $1`, elena)
	if res := s.Do("POST", fmt.Sprintf("/api/admin/variants/%d/units", v),
		`{"kiz":["RU-430302-ELE0000001","RU-430302-ELE0000002"]}`, boss...); res.Status != http.StatusCreated {
		t.Fatalf("receive → %d %s", res.Status, res.Body)
	}
	o := s.Place(anna.Auth, aoPickup, "shuba-elena", 2)
	path := fmt.Sprintf("/api/admin/orders/%d/fur-codes", o.ID)
	for _, body := range []string{
		`{"variant_id":%d,"codes":["RU-430302-ELE0000001"]}`,                        // a received unit swapped in
		`{"variant_id":%d,"codes":["RU-430302-NEW0000001","RU-430302-ELE0000002"]}`, // the new code first
	} {
		if res := s.Do("PUT", path, fmt.Sprintf(body, v), boss...); res.Status != http.StatusOK {
			t.Fatalf("PUT %s → %d %s", body, res.Status, res.Body)
		}
	}
	got := map[string]string{}
	rows, err := s.DB.Query(t.Context(), `SELECT kiz, status FROM fur_units WHERE variant_id = $1 AND kiz IS NOT NULL`, v)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var kiz, status string
		if err := rows.Scan(&kiz, &status); err != nil {
			t.Fatal(err)
		}
		got[kiz] = status
	}
	want := map[string]string{"RU-430302-ELE0000001": "available", "RU-430302-ELE0000002": "reserved", "RU-430302-NEW0000001": "reserved"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("units by КИЗ: %v; want %v", got, want)
	}
}
