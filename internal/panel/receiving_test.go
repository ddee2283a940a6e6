package panel_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// Поступление: a manager picks a size by its SKU and scans КИЗ codes one per line; a bad line is named by its
// number and nothing is received, the codes typed are kept; good codes become units and stock.
func TestReceivingUnitsByKIZ(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("sklad@mekha-shuby.ru")
	category := s.Scalar("SELECT id FROM categories WHERE slug = 'sobolya'")
	res := s.Do("POST", "/api/admin/products", `{"name":"Соболья шуба «Анастасия»","category_id":`+strconv.Itoa(category)+
		`,"price":"990000","description":"","attributes":[],"is_active":true,"marked_fur":true,"variants":[{"size":"46","sku":"SOB-46"}]}`, staff...)
	if res.Status != http.StatusCreated {
		t.Fatalf("create a marked product → %d %s", res.Status, res.Body)
	}
	stock := func() int {
		return s.Scalar("SELECT stock FROM product_variants WHERE sku = 'SOB-46'")
	}
	b := newBrowser(t, s)
	b.signIn("sklad@mekha-shuby.ru", "кладовщица-2026")
	form := b.do("GET", "/admin/receiving", nil)
	if form.status != 200 || !strings.Contains(form.body, "<h1>Поступление</h1>") {
		t.Fatalf("receiving page → %d", form.status)
	}
	receive := func(sku, codes string) page {
		t.Helper()
		return b.do("POST", "/admin/receiving", url.Values{"csrf": {form.csrf(t)}, "sku": {sku}, "codes": {codes}, "reason": {"накладная 17"}})
	}

	bad := receive("SOB-46", "RU-430302-AAA0000001\r\nне код\r\n\r\nRU-430302-AAA0000001\r\n")
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Строка 2: это не КИЗ") ||
		!strings.Contains(bad.body, "Строка 4: этот КИЗ уже есть выше") || !strings.Contains(bad.body, "не код") {
		t.Errorf("bad lines → %d\n%.1500s", bad.status, bad.body)
	}
	if n := stock(); n != 0 {
		t.Fatalf("a refused receiving left stock %d", n)
	}

	good := receive(" SOB-46 ", "RU-430302-AAA0000001\nRU-430302-AAA0000002\n")
	if good.status != 200 || !strings.Contains(good.body, "Принято 2 изделия") || !strings.Contains(good.body, "на складе 2") {
		t.Errorf("good codes → %d\n%.1500s", good.status, good.body)
	}
	if n := stock(); n != 2 {
		t.Errorf("stock %d after receiving two units", n)
	}
	if again := receive("SOB-46", "RU-430302-AAA0000002"); !strings.Contains(again.body, "КИЗ RU-430302-AAA0000002 уже есть на складе") {
		t.Errorf("a code received twice → %d\n%.1500s", again.status, again.body)
	}
	if none := receive("NO-SUCH", "RU-430302-AAA0000003"); none.status != http.StatusUnprocessableEntity || !strings.Contains(none.body, "Размера с таким артикулом нет") {
		t.Errorf("unknown SKU → %d", none.status)
	}
	if plain := receive("MS-000004", "RU-430302-AAA0000004"); !strings.Contains(plain.body, "не маркируется") {
		t.Errorf("a product that is not marked fur → %d\n%.800s", plain.status, plain.body)
	}
	if n := s.Scalar("SELECT count(*) FROM audit_log WHERE action = 'product.units_receive'"); n != 1 {
		t.Errorf("%d receivings in the audit log; want 1", n)
	}
}
