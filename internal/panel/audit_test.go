package panel_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/sheet"
)

// Журнал shows a staff member's change with who, what, the object and its after; its filters narrow the list,
// and a bad filter is named above the list instead of failing the page.
func TestAuditLogShowsAndFiltersChanges(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	clerk := s.Staff("clerk@mekha-shuby.ru")
	res := s.Do("POST", "/api/admin/categories", `{"name":"Шапки"}`, clerk...)
	if res.Status != http.StatusCreated {
		t.Fatalf("create category → %d %s", res.Status, res.Body)
	}
	var cat struct{ ID int64 }
	res.JSON(t, &cat)
	b := signedIn(t, s, "boss@mekha-shuby.ru")

	log := b.get("/admin/audit")
	log.mustShow(t, "Журнал", "1 запись", "clerk@mekha-shuby.ru", "Категория создана", fmt.Sprintf("Категория № %d", cat.ID),
		`"name": "Шапки"`, time.Now().In(sheet.Moscow).Format("02.01.2006"))
	if !strings.Contains(log.body, `href="/admin/audit" aria-current="page">Журнал`) {
		t.Errorf("the menu does not mark Журнал")
	}

	today := time.Now().In(sheet.Moscow).Format(time.DateOnly)
	for query, want := range map[string]string{
		"?action=category.create":                                 "1 запись",
		"?action=category.delete":                                 "0 записей",
		fmt.Sprintf("?object_type=category&object_id=%d", cat.ID): "1 запись",
		fmt.Sprintf("?object_type=order&object_id=%d", cat.ID):    "0 записей",
		"?from=" + today + "&to=" + today:                         "1 запись",
		"?to=2020-01-01":                                          "0 записей",
	} {
		b.get("/admin/audit"+query).mustShow(t, want)
	}

	bad := b.get("/admin/audit?object_id=abc&from=вчера&to=2026-13-01&actor_id=-1&page=0&action=" + strings.Repeat("ж", 101))
	bad.mustShow(t, "Номер объекта — целое положительное число", "Дата «с» — день", "Дата «по» — день",
		"Номер сотрудника — целое положительное число", "Номер страницы", "Действие: выберите", "1 запись")
	if !strings.Contains(bad.body, `value="abc"`) {
		t.Errorf("the bad object number is not kept in its field")
	}
	b.get("/admin/audit?page=9").mustShow(t, "Такой страницы нет", "1 запись")
	b.get("/admin/audit?from=2026-12-10&to=2026-12-01").mustShow(t, "Дата «по» раньше даты «с»")
}
