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
