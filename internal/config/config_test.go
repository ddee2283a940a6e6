package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 8000 || c.Host != "127.0.0.1" || c.MediaDir != "var/media" || len(c.CORSAllowedOrigins) != 0 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestLoadReportsEveryBadVariable(t *testing.T) {
	_, err := Load(env(map[string]string{"PORT": "eighty", "LOG_FORMAT": "xml", "CORS_ALLOWED_ORIGINS": "shop.example"}))
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	for _, name := range []string{"PORT", "LOG_FORMAT", "CORS_ALLOWED_ORIGINS"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
	}
}

func TestCORSOrigins(t *testing.T) {
	c, err := Load(env(map[string]string{"CORS_ALLOWED_ORIGINS": "https://shop.example, http://localhost:3000/"}))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"https://shop.example", "http://localhost:3000"}, c.CORSAllowedOrigins); diff != "" {
		t.Fatal(diff)
	}
}

func TestLogValueMasksThePassword(t *testing.T) {
	c, _ := Load(env(map[string]string{"DATABASE_URL": "postgres://shop:s3cret@db:5432/furstore"}))
	if got := c.LogValue().String(); strings.Contains(got, "s3cret") {
		t.Fatalf("password in the log line: %s", got)
	}
}

func TestSMTPAndLimits(t *testing.T) {
	c, err := Load(env(map[string]string{"SMTP_HOST": "smtp.mail.ru", "SMTP_TLS": "tls", "SMTP_PASSWORD": "pa55-secret",
		"RATE_LIMIT_LOGIN_EMAIL": "5/15m", "TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.10"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTP.Port != 465 || c.LoginLimitPerEmail.Max != 5 || len(c.TrustedProxies) != 2 {
		t.Fatalf("config: %+v", c)
	}
	if got := c.LogValue().String(); strings.Contains(got, "pa55-secret") {
		t.Fatalf("SMTP password in the log line: %s", got)
	}
	if _, err := Load(env(map[string]string{"SMTP_TLS": "ssl", "RATE_LIMIT_RESET_IP": "many", "TRUSTED_PROXIES": "proxy"})); err == nil ||
		!strings.Contains(err.Error(), "SMTP_TLS") || !strings.Contains(err.Error(), "RATE_LIMIT_RESET_IP") || !strings.Contains(err.Error(), "TRUSTED_PROXIES") {
		t.Fatalf("bad values not all reported: %v", err)
	}
}

func TestYooKassa(t *testing.T) {
	c, err := Load(env(map[string]string{}))
	if err != nil {
		t.Fatal(err)
	}
	y := c.YooKassa
	if y.Enabled() || y.APIURL != "https://api.yookassa.ru/v3" || y.AnySource || len(y.TrustedNets) != 7 || y.VATCode != 1 ||
		y.ReturnURL != c.PublicURL+"/orders/{order_id}" || y.RecheckAfter.Minutes() != 5 {
		t.Errorf("defaults: %+v", y)
	}
	c, err = Load(env(map[string]string{"YOOKASSA_SHOP_ID": "100500", "YOOKASSA_SECRET_KEY": "test_secret",
		"YOOKASSA_TRUSTED_NETS": "any", "YOOKASSA_RECEIPTS": "true", "YOOKASSA_VAT_CODE": "11"}))
	if err != nil || !c.YooKassa.Enabled() || !c.YooKassa.AnySource || !c.YooKassa.Receipts || c.YooKassa.VATCode != 11 {
		t.Errorf("set: %+v, %v", c.YooKassa, err)
	}
	if strings.Contains(c.LogValue().String(), "test_secret") {
		t.Error("the secret key is logged")
	}
	_, err = Load(env(map[string]string{"YOOKASSA_SHOP_ID": "100500", "YOOKASSA_TRUSTED_NETS": "185.71.76.0/27, nowhere",
		"YOOKASSA_RECEIPTS": "maybe", "YOOKASSA_VAT_CODE": "13", "YOOKASSA_RETURN_URL": "/paid"}))
	for _, name := range []string{"YOOKASSA_SECRET_KEY", "nowhere", "YOOKASSA_RECEIPTS", "YOOKASSA_VAT_CODE", "YOOKASSA_RETURN_URL"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v does not name %s", err, name)
		}
	}
}

func TestPgBouncerNeedsADirectListenURL(t *testing.T) {
	const direct, bouncer = "postgres://furstore:secret@db:5432/furstore", "postgres://furstore:secret@pgbouncer:6432/furstore"
	c, err := Load(env(map[string]string{"DATABASE_URL": direct}))
	if err != nil || c.DatabaseListenURL != direct || c.DatabasePgBouncer {
		t.Fatalf("without PgBouncer: listen on %q, pgbouncer %v, err %v; want DATABASE_URL, false", c.DatabaseListenURL, c.DatabasePgBouncer, err)
	}
	for _, e := range []map[string]string{
		{"DATABASE_URL": bouncer, "DATABASE_PGBOUNCER": "true"},
		{"DATABASE_URL": bouncer, "DATABASE_PGBOUNCER": "true", "DATABASE_LISTEN_URL": bouncer},
		{"DATABASE_URL": bouncer, "DATABASE_PGBOUNCER": "sometimes", "DATABASE_LISTEN_URL": direct},
	} {
		if _, err := Load(env(e)); err == nil || !strings.Contains(err.Error(), "DATABASE_PGBOUNCER") {
			t.Errorf("%v: err = %v, want one naming DATABASE_PGBOUNCER", e, err)
		}
	}
	c, err = Load(env(map[string]string{"DATABASE_URL": bouncer, "DATABASE_PGBOUNCER": "true", "DATABASE_LISTEN_URL": direct}))
	if err != nil || !c.DatabasePgBouncer || c.DatabaseListenURL != direct {
		t.Fatalf("behind PgBouncer: %+v, %v", c, err)
	}
	if logged := c.LogValue().String(); strings.Contains(logged, "secret") {
		t.Fatalf("the listen URL's password is logged: %s", logged)
	}
}
