package panel_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// A manager's day in a real browser: sign in, create a sable coat in two sizes with a picture, receive two
// coats by their КИЗ, find the order a customer placed and paid through the public API, confirm, assemble and
// ship it with a tracking number, hand it over, refund one coat that came back, and read it all in the audit
// log — checking what each page shows. The main pages are photographed at a desk's width and a phone's.
func TestManagersDayInABrowser(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	s.Staff("sklad@mekha-shuby.ru")
	anna := s.Customer("anna@mail.ru")
	c := newChrome(t, s.URL, 1280, 900)
	c.signIn("sklad@mekha-shuby.ru", "кладовщица-2026")

	// A new product with two sizes, marked fur, and a picture.
	c.open("/admin/products/new")
	category := strconv.Itoa(s.Scalar("SELECT id FROM categories WHERE slug = 'sobolya'"))
	c.run(chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Соболья шуба «Анастасия»"),
		chromedp.SetValue(chromedp.CSS(`select[name="category_id"]`), category),
		chromedp.SendKeys(chromedp.CSS(`input[name="price"]`), "990000"),
		chromedp.SendKeys(chromedp.CSS(`input[name="sizes"]`), "46, 48"),
		chromedp.SendKeys(chromedp.CSS(`input[name="attr_name"]`), "Мех"),
		chromedp.SendKeys(chromedp.CSS(`input[name="attr_value"]`), "Соболь"),
		chromedp.Click(chromedp.CSS(`input[name="marked_fur"]`)),
		chromedp.Click(chromedp.CSS(`form.card.stack button[type="submit"]`)))
	c.waitText("Добавить размер")
	productPath := c.location()
	picture := filepath.Join(t.TempDir(), "sobol.png")
	writePNG(t, picture)
	c.run(chromedp.WaitReady(chromedp.CSS(`input[name="files"]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name="files"]`), []string{picture}),
		chromedp.Click(chromedp.CSS(`form[enctype="multipart/form-data"] button[type="submit"]`)))
	c.waitText("Главная") // the first picture is the main one
	c.screenshot("product-desk")

	// Two coats of size 46 received by their КИЗ.
	var sku46 string
	if err := s.DB.QueryRow(context.Background(), `SELECT v.sku FROM product_variants v JOIN products p ON p.id = v.product_id
		WHERE p.name = 'Соболья шуба «Анастасия»' AND v.size = '46'`).Scan(&sku46); err != nil {
		t.Fatalf("the product made in the panel: %v", err)
	}
	c.open("/admin/receiving")
	c.run(chromedp.SendKeys(chromedp.CSS(`input[name="sku"]`), sku46),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="codes"]`), "RU-430302-ABC0000001\nRU-430302-ABC0000002"),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)))
	c.waitText("Принято 2 изделия")

	// The customer orders both with delivery and pays online, through the public API.
	variant := s.Scalar("SELECT id FROM product_variants WHERE sku = $1", sku46)
	if res := s.Do("POST", "/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":2}`, variant), anna.Auth...); res.Status != http.StatusCreated {
		t.Fatalf("add to cart → %d %s", res.Status, res.Body)
	}
	o, _ := s.PlaceOrder(http.StatusCreated, `{"phone_number":"79855508853","requires_delivery":true,"delivery_address":"Москва, Тверская, 1","payment_on_get":false}`, anna.Auth...)
	s.PayOnline(o.ID, anna.Auth)

	// Found in the panel, moved along to «Выдан».
	c.open("/admin/orders?status=processing")
	c.screenshot("orders-desk")
	c.run(chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/admin/orders/%d"]`, o.ID))))
	c.waitText("Изменить статус")
	for _, step := range []struct{ code, label string }{{"confirmed", "Подтверждён"}, {"assembled", "Собран"}, {"shipped", "Отправлен"}, {"delivered", "Выдан"}} {
		if step.code == "shipped" {
			c.run(chromedp.SendKeys(chromedp.CSS(`input[name="tracking_number"]`), "80081234567890"))
		}
		c.run(chromedp.Click(chromedp.CSS(fmt.Sprintf(`button[name="status"][value="%s"]`, step.code))))
		c.waitText("Статус " + step.label)
	}
	text := c.waitText("Трек-номер: 80081234567890")
	for _, want := range []string{"RU-430302-ABC0000001", "RU-430302-ABC0000002", "Платёж ЮKassa", "Вернуть деньги"} {
		if !strings.Contains(text, want) {
			t.Errorf("the handed-over order lacks %q:\n%s", want, text)
		}
	}
	c.screenshot("order-desk")

	// One coat comes back: refunded with its unit.
	c.run(chromedp.SendKeys(chromedp.CSS(`input[name="reason"]`), "не подошёл размер"),
		chromedp.Click(chromedp.CSS(`input[name="return_unit"]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/refund"] button[type="submit"]`)))
	c.waitText("Возврат: не подошёл размер")
	if n := s.Scalar("SELECT count(*) FROM fur_units WHERE status = 'returned'"); n != 1 {
		t.Errorf("%d units returned after refunding one", n)
	}

	// The audit log tells the day.
	text = c.open("/admin/audit")
	for _, want := range []string{"sklad@mekha-shuby.ru", fmt.Sprintf("Заказ № %d", o.ID)} {
		if !strings.Contains(text, want) {
			t.Errorf("the audit log lacks %q:\n%.2000s", want, text)
		}
	}
	c.screenshot("audit-desk")
	for _, page := range []string{"catalog", "products", "exports", "staff"} {
		c.open("/admin/" + page)
		c.screenshot(page + "-desk")
	}

	phone := newChrome(t, s.URL, 375, 812)
	phone.signIn("sklad@mekha-shuby.ru", "кладовщица-2026")
	for name, path := range map[string]string{"orders": "/admin/orders", "order": fmt.Sprintf("/admin/orders/%d", o.ID),
		"product": productPath, "products": "/admin/products", "catalog": "/admin/catalog", "audit": "/admin/audit", "staff": "/admin/staff"} {
		phone.open(path)
		phone.screenshot(name + "-phone")
	}
}

// writePNG writes a small picture of sable brown to path.
func writePNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 60, 80))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = 90, 60, 40, 255
	}
	img.Set(0, 0, color.White)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
