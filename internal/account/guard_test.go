package account_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
	"github.com/mekhaishuby/furstore/internal/web"
)

// RequireStaff is the guard later back-office routes stand behind: no token 401, a customer 403, staff through.
func TestRequireStaff(t *testing.T) {
	ctx := context.Background()
	svc, err := account.NewService(dbtest.New(t), slog.New(slog.DiscardHandler), account.Config{})
	if err != nil {
		t.Fatal(err)
	}
	_, customer, err := svc.Register(ctx, account.RegisterInput{Email: "anna@mail.ru", Password: "норковая-шуба-2026"})
	if err != nil {
		t.Fatal(err)
	}
	created, err := svc.CreateSuperuser(ctx, "Boss@Mekha.ru", func() (string, error) { return "соболья-шуба-2027", nil })
	if err != nil || !created {
		t.Fatalf("CreateSuperuser: %v, %v", created, err)
	}
	_, staff, err := svc.Login(ctx, netipLoopback, "boss@mekha.ru", "соболья-шуба-2027")
	if err != nil {
		t.Fatal(err)
	}
	h := svc.RequireStaff(func(w http.ResponseWriter, r *http.Request) error {
		u, _ := account.UserFrom(r.Context())
		web.WriteJSON(w, 200, map[string]string{"email": u.Email})
		return nil
	})
	for _, tt := range []struct {
		auth string
		want int
	}{{"", 401}, {"Bearer " + customer, 403}, {"Token " + staff, 200}} {
		r := httptest.NewRequest("GET", "/api/admin/anything", nil)
		if tt.auth != "" {
			r.Header.Set("Authorization", tt.auth)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tt.want {
			t.Errorf("Authorization %.12q → %d, want %d", tt.auth, w.Code, tt.want)
		}
	}

	// Promoting keeps the password and asks for none.
	created, err = svc.CreateSuperuser(ctx, "anna@mail.ru", func() (string, error) { t.Fatal("asked for a password"); return "", nil })
	if err != nil || created {
		t.Fatalf("promote: %v, %v", created, err)
	}
	if _, _, err := svc.Login(ctx, netipLoopback, "anna@mail.ru", "норковая-шуба-2026"); err != nil {
		t.Fatalf("a promoted account lost its password: %v", err)
	}
	if _, err := svc.CreateSuperuser(ctx, "new@mekha.ru", func() (string, error) { return "qwerty123", nil }); err == nil {
		t.Fatal("a staff account with a common password was created")
	}
}

var netipLoopback = netip.MustParseAddr("127.0.0.1")
