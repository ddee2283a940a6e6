package panel_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// A manager's day in a real browser (headless Chromium): a customer cannot get in; staff sign in, read the
// summary, receive two coats by their КИЗ; each page is photographed at a desk's width and a phone's.
func TestPanelInABrowser(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("sklad@mekha-shuby.ru")
	s.Customer("anna@mail.ru")
	category := s.Scalar("SELECT id FROM categories WHERE slug = 'sobolya'")
	if res := s.Do("POST", "/api/admin/products", `{"name":"Соболья шуба «Анастасия»","category_id":`+strconv.Itoa(category)+
		`,"price":"990000","description":"","attributes":[],"is_active":true,"marked_fur":true,"variants":[{"size":"46","sku":"SOB-46"}]}`,
		staff...); res.Status != http.StatusCreated {
		t.Fatalf("create a marked product → %d %s", res.Status, res.Body)
	}

	for _, width := range []struct {
		name          string
		width, height int
	}{{"desk", 1280, 900}, {"phone", 375, 812}} {
		c := newChrome(t, s.URL, width.width, width.height)
		c.signIn("anna@mail.ru", "норковая-шуба-2026")
		if text := c.text(); !strings.Contains(text, "нет доступа") {
			t.Fatalf("%s: a customer signing in reads:\n%s", width.name, text)
		}
		c.screenshot("login-refused-" + width.name)

		c.signIn("sklad@mekha-shuby.ru", "кладовщица-2026")
		if loc, text := c.location(), c.text(); loc != "/admin/" || !strings.Contains(text, "Сводка") || !strings.Contains(text, "Заканчиваются") {
			t.Fatalf("%s: after signing in at %s:\n%s", width.name, loc, text)
		}
		c.screenshot("summary-" + width.name)

		c.open("/admin/receiving")
		codes := "RU-430302-AAB000000" + strconv.Itoa(len(width.name)) + "\nRU-430302-AAC000000" + strconv.Itoa(len(width.name))
		c.run(chromedp.SendKeys(chromedp.CSS(`input[name="sku"]`), "SOB-46"),
			chromedp.SendKeys(chromedp.CSS(`textarea[name="codes"]`), codes),
			chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`p.done`)))
		if text := c.text(); !strings.Contains(text, "Принято 2 изделия") {
			t.Fatalf("%s: after receiving:\n%s", width.name, text)
		}
		c.screenshot("receiving-" + width.name)
	}
	if n := s.Scalar("SELECT stock FROM product_variants WHERE sku = 'SOB-46'"); n != 4 {
		t.Errorf("stock %d after two receivings of two", n)
	}
}
