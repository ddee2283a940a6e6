package panel_test

import (
	"encoding/json"
	"image/color"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Товары: a manager creates a product with a size through the form, adds a second size and a picture, sets a
// size's stock, and the public card shows it all; the list finds it.
func TestProductCreatedThroughTheForms(t *testing.T) {
	t.Parallel()
	s, b, csrf, category := startProducts(t)

	form := b.do("GET", "/admin/products/new", nil)
	if form.status != 200 || !strings.Contains(form.body, "<h1>Новый товар</h1>") || !strings.Contains(form.body, `aria-current="page">Товары`) {
		t.Fatalf("new product form → %d\n%.800s", form.status, form.body)
	}
	id := createdID(t, b.do("POST", "/admin/products", productForm(csrf, category, "sizes", "46", "old_price", "180 000,00")))
	path := "/admin/products/" + id
	if p := b.do("POST", path+"/variants", url.Values{"csrf": {csrf}, "size": {"48"}, "stock": {"2"}}); p.status != http.StatusSeeOther {
		t.Fatalf("add size 48 → %d\n%.2000s", p.status, plainText(p))
	}
	if p := b.upload(path+"/pictures", csrf, file{"lada.png", pngPicture(t, color.RGBA{120, 80, 40, 255})}); p.status != http.StatusSeeOther {
		t.Fatalf("upload a picture → %d\n%.2000s", p.status, plainText(p))
	}
	size46 := s.Scalar("SELECT id FROM product_variants WHERE product_id = $1 AND size = '46'", id)
	row := url.Values{"csrf": {csrf}, "size": {"46"}, "sku": {"LADA-46"}, "stock": {"3"}, "is_active": {"on"}}
	if p := b.do("POST", path+"/variants/"+itoa(size46), row); p.status != http.StatusSeeOther {
		t.Fatalf("save size 46 → %d\n%.2000s", p.status, plainText(p))
	}

	// A second picture made the main one, then the first deleted.
	b.upload(path+"/pictures", csrf, file{"lada-2.png", pngPicture(t, color.RGBA{20, 20, 20, 255})})
	first := s.Scalar("SELECT id FROM product_images WHERE product_id = $1 ORDER BY position LIMIT 1", id)
	second := s.Scalar("SELECT id FROM product_images WHERE product_id = $1 AND id <> $2", id, first)
	if p := b.do("POST", path+"/pictures/"+itoa(second)+"/move", url.Values{"csrf": {csrf}, "to": {"main"}}); p.status != http.StatusSeeOther {
		t.Fatalf("make the second picture main → %d\n%.2000s", p.status, plainText(p))
	}
	if p := b.do("POST", path+"/pictures/"+itoa(first)+"/delete", url.Values{"csrf": {csrf}}); p.status != http.StatusSeeOther {
		t.Fatalf("delete the first picture → %d\n%.2000s", p.status, plainText(p))
	}
	if n := s.Scalar("SELECT count(*) FROM product_images WHERE product_id = $1 AND id = $2 AND position = 0", id, second); n != 1 {
		t.Errorf("the second picture is not the only, main one")
	}

	page := b.do("GET", path, nil)
	text := plainText(page)
	for _, want := range []string{`value="46"`, `value="48"`, `value="LADA-46"`, `value="норка"`, `value="110 см"`, "Главная", `src="/media/`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("product page lacks %s:\n%.3000s", want, text)
		}
	}
	if n := s.Scalar("SELECT stock FROM product_variants WHERE sku = 'LADA-46'"); n != 3 {
		t.Errorf("size 46 has stock %d, want 3", n)
	}

	res := s.Do("GET", "/api/products/"+id, "")
	var card struct {
		Name     string            `json:"name"`
		Images   []json.RawMessage `json:"images"`
		Variants []struct {
			Size  *string `json:"size"`
			Stock int     `json:"stock"`
		} `json:"variants"`
		Attributes []struct{ Name, Value string } `json:"attributes"`
	}
	res.JSON(t, &card)
	if res.Status != 200 || card.Name != "Норковая шуба «Лада»" || len(card.Images) != 1 || len(card.Variants) != 2 || len(card.Attributes) != 2 {
		t.Errorf("public card → %d %s", res.Status, res.Body)
	}

	list := b.do("GET", "/admin/products?q=%D0%BB%D0%B0%D0%B4%D0%B0&category=sobolya&active=true", nil)
	if list.status != 200 || !strings.Contains(list.body, `href="/admin/products/`+id+`"`) || !strings.Contains(plainText(list), "Найдено: 1") {
		t.Errorf("products list → %d\n%.2000s", list.status, plainText(list))
	}
	if n := s.Scalar("SELECT count(*) FROM audit_log WHERE object_id = $1 AND action IN ('product.create', 'variant.create', 'variant.update', 'image.upload', 'image.arrange', 'image.delete')", id); n != 7 {
		t.Errorf("%d audit entries for the product's writes, want 7", n)
	}
}

// A form saved from a version someone else has changed since is refused with the conflict message, keeps what
// was typed and changes nothing.
func TestProductStaleVersionIsRefused(t *testing.T) {
	t.Parallel()
	s, b, csrf, category := startProducts(t)
	id := createdID(t, b.do("POST", "/admin/products", productForm(csrf, category)))
	path := "/admin/products/" + id
	version := s.Scalar("SELECT version FROM products WHERE id = $1", id)

	first := productForm(csrf, category, "name", "Шуба «Лада», первая правка", "version", itoa(version))
	if p := b.do("POST", path, first); p.status != http.StatusSeeOther {
		t.Fatalf("first save → %d\n%.2000s", p.status, plainText(p))
	}
	stale := productForm(csrf, category, "name", "Шуба «Лада», вторая правка", "price", "99 000", "version", itoa(version))
	p := b.do("POST", path, stale)
	if p.status != http.StatusConflict || !strings.Contains(p.body, "Товар изменён другим сотрудником — обновите страницу") ||
		!strings.Contains(p.body, `value="Шуба «Лада», вторая правка"`) || !strings.Contains(p.body, `value="99 000"`) {
		t.Errorf("stale save → %d\n%.2000s", p.status, plainText(p))
	}
	if n := s.Scalar("SELECT count(*) FROM products WHERE id = $1 AND name = 'Шуба «Лада», первая правка' AND price = 15000000", id); n != 1 {
		t.Errorf("the stale form changed the product")
	}
}

// Bad input is answered in Russian beside the field, with what was typed kept and nothing written.
func TestProductBadInputIsAnsweredInRussian(t *testing.T) {
	t.Parallel()
	s, b, csrf, category := startProducts(t)
	products := s.Scalar("SELECT count(*) FROM products")

	p := b.do("POST", "/admin/products", productForm(csrf, category, "name", " ", "price", "-5", "description", "Тёплая, лёгкая"))
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Укажите название") ||
		!strings.Contains(p.body, "Цена не может быть отрицательной") || !strings.Contains(p.body, `value="-5"`) ||
		!strings.Contains(p.body, "Тёплая, лёгкая") || !strings.Contains(p.body, `value="норка"`) {
		t.Errorf("empty name, negative price → %d\n%.3000s", p.status, plainText(p))
	}
	if n := s.Scalar("SELECT count(*) FROM products"); n != products {
		t.Errorf("a refused form added a product")
	}
	if p := b.do("POST", "/admin/products", productForm(csrf, category, "price", "100", "old_price", "90")); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, "Старая цена должна быть больше цены") {
		t.Errorf("old price below the price → %d\n%.3000s", p.status, plainText(p))
	}

	id := createdID(t, b.do("POST", "/admin/products", productForm(csrf, category)))
	path := "/admin/products/" + id
	up := b.upload(path+"/pictures", csrf, file{"price-list.txt", []byte("not a picture at all")},
		file{"lada.png", pngPicture(t, color.RGBA{10, 20, 30, 255})})
	if up.status != http.StatusUnprocessableEntity || !strings.Contains(up.body, "price-list.txt: это не фотография") {
		t.Errorf("a non-image upload → %d\n%.3000s", up.status, plainText(up))
	}
	if n := s.Scalar("SELECT count(*) FROM product_images WHERE product_id = $1", id); n != 1 {
		t.Errorf("%d pictures after uploading one picture and one text file, want 1", n)
	}
	huge := file{"huge.png", make([]byte, 11<<20)} // over the API's 10 MiB
	if up := b.upload(path+"/pictures", csrf, huge); up.status != http.StatusUnprocessableEntity || !strings.Contains(up.body, "huge.png: файл слишком большой") {
		t.Errorf("an 11 MiB upload → %d\n%.3000s", up.status, plainText(up))
	}
	if p := b.do("POST", path+"/variants", url.Values{"csrf": {csrf}, "size": {"47"}, "stock": {"-1"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, "Размер по российской сетке") || !strings.Contains(p.body, "Остаток — целое число") || !strings.Contains(p.body, `value="47"`) {
		t.Errorf("a bad size → %d\n%.3000s", p.status, plainText(p))
	}
	if p := b.do("GET", "/admin/products/999999", nil); p.status != http.StatusNotFound {
		t.Errorf("a product that does not exist → %d", p.status)
	}
}

// Taking a product off sale hides it from the public listing and card; the button puts it back.
func TestProductDeactivationHidesIt(t *testing.T) {
	t.Parallel()
	s, b, csrf, category := startProducts(t)
	id := createdID(t, b.do("POST", "/admin/products", productForm(csrf, category, "sizes", "46")))
	path := "/admin/products/" + id
	b.do("POST", path+"/variants/"+itoa(s.Scalar("SELECT id FROM product_variants WHERE product_id = $1", id)),
		url.Values{"csrf": {csrf}, "size": {"46"}, "sku": {"LADA-46"}, "stock": {"1"}, "is_active": {"on"}})
	listed := func() bool {
		return strings.Contains(string(s.Do("GET", "/api/products?category=sobolya", "").Body), `"norkovaya-shuba-lada"`)
	}
	if !listed() {
		t.Fatalf("the new product is not in the public listing")
	}
	version := s.Scalar("SELECT version FROM products WHERE id = $1", id)
	if p := b.do("POST", path+"/active", url.Values{"csrf": {csrf}, "active": {"false"}, "version": {itoa(version)}}); p.status != http.StatusSeeOther {
		t.Fatalf("deactivate → %d\n%.2000s", p.status, plainText(p))
	}
	if listed() {
		t.Errorf("a deactivated product is still in the public listing")
	}
	if res := s.Do("GET", "/api/products/"+id, ""); res.Status != http.StatusNotFound {
		t.Errorf("a deactivated product's card → %d", res.Status)
	}
	if p := b.do("GET", path+"?done=deactivated", nil); !strings.Contains(p.body, "Вернуть в продажу") || !strings.Contains(p.body, "снят с продажи") {
		t.Errorf("the deactivated product's page:\n%.2000s", plainText(p))
	}
	if p := b.do("GET", "/admin/products?active=false", nil); !strings.Contains(p.body, `href="/admin/products/`+id+`"`) {
		t.Errorf("the list of products off sale lacks it")
	}
}
