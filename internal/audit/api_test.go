package audit_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

type auditPage struct {
	Count   int `json:"count"`
	Results []struct {
		Who struct {
			ID    *int64 `json:"id"`
			Email string `json:"email"`
		} `json:"who"`
		When   string `json:"when"`
		Action string `json:"action"`
		Object struct {
			Type string `json:"type"`
			ID   *int64 `json:"id"`
		} `json:"object"`
		Before json.RawMessage `json:"before"`
		After  json.RawMessage `json:"after"`
	} `json:"results"`
}

func TestAuditLog(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	boss := s.Staff("boss@mekha.ru")
	clerk := s.Staff("clerk@mekha.ru")
	o := s.PlaceOnline(anna, "zhaket-vera", 1)
	s.PayOnline(o.ID, anna)
	s.Refund(http.StatusCreated, o.ID, `{"amount":"100.00","reason":"скидка"}`, boss)
	if res := s.Do("POST", "/api/admin/categories", `{"name":"Шапки"}`, clerk...); res.Status != http.StatusCreated {
		t.Fatalf("create category → %d %s", res.Status, res.Body)
	}

	get := func(query string) auditPage {
		t.Helper()
		res := s.Do("GET", "/api/admin/audit"+query, "", boss...)
		if res.Status != http.StatusOK {
			t.Fatalf("GET audit%s → %d %s", query, res.Status, res.Body)
		}
		var page auditPage
		res.JSON(t, &page)
		return page
	}
	all := get("")
	if all.Count != 2 || all.Results[0].Action != "category.create" || all.Results[1].Action != "order.refund" {
		t.Fatalf("audit log: %+v; want the category (newest) and the refund", all)
	}
	refund := get(fmt.Sprintf("?object_type=order&object_id=%d", o.ID)).Results
	if len(refund) != 1 || refund[0].Who.Email != "boss@mekha.ru" || refund[0].Object.Type != "order" || *refund[0].Object.ID != o.ID ||
		string(refund[0].Before) != "null" || !json.Valid(refund[0].After) || string(refund[0].After) == "null" {
		t.Errorf("refund entry: %+v", refund)
	}
	var after struct{ Amount, Reason string }
	if err := json.Unmarshal(refund[0].After, &after); err != nil || after.Amount != "100.00" || after.Reason != "скидка" {
		t.Errorf("refund entry after = %s", refund[0].After)
	}
	if byAction := get("?action=category.create"); byAction.Count != 1 || byAction.Results[0].Who.Email != "clerk@mekha.ru" {
		t.Errorf("by action: %+v", byAction)
	}
	clerkID := *all.Results[0].Who.ID
	if byActor := get(fmt.Sprintf("?actor_id=%d", clerkID)); byActor.Count != 1 {
		t.Errorf("by actor: %+v", byActor)
	}
	if page2 := get("?page_size=1&page=2"); len(page2.Results) != 1 || page2.Results[0].Action != "order.refund" {
		t.Errorf("page 2: %+v", page2)
	}
	for _, q := range []string{"?object_id=abc", "?actor_id=0", "?page_size=1000", "?page=0", "?a=%zz", "?action=%00", "?object_type=%FF"} {
		if res := s.Do("GET", "/api/admin/audit"+q, "", boss...); res.Status != http.StatusBadRequest {
			t.Errorf("GET audit%s → %d %s; want 400", q, res.Status, res.Body)
		}
	}
	if res := s.Do("GET", "/api/admin/audit?page=9", "", boss...); res.Status != http.StatusNotFound {
		t.Errorf("a page past the last → %d", res.Status)
	}
}
