package config

import (
	"strings"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/ratelimit"
)

func TestHTTPLimitsAndRegisterLimit(t *testing.T) {
	c, err := Load(env(map[string]string{}))
	if err != nil {
		t.Fatal(err)
	}
	want := HTTP{ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second,
		IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	if c.HTTP != want || c.RegisterLimitPerIP != (ratelimit.Limit{Max: 10, Window: time.Hour}) {
		t.Errorf("defaults: %+v, register %v; want %+v, 10/1h", c.HTTP, c.RegisterLimitPerIP, want)
	}

	c, err = Load(env(map[string]string{"HTTP_READ_HEADER_TIMEOUT": "2s", "HTTP_IDLE_TIMEOUT": "5m",
		"HTTP_MAX_HEADER_BYTES": "16384", "RATE_LIMIT_REGISTER_IP": "off"}))
	if err != nil || c.HTTP.ReadHeaderTimeout != 2*time.Second || c.HTTP.IdleTimeout != 5*time.Minute ||
		c.HTTP.MaxHeaderBytes != 16384 || c.RegisterLimitPerIP.Max != 0 {
		t.Errorf("set: %+v %v, %v", c.HTTP, c.RegisterLimitPerIP, err)
	}

	_, err = Load(env(map[string]string{"HTTP_READ_TIMEOUT": "0s", "HTTP_WRITE_TIMEOUT": "soon",
		"HTTP_MAX_HEADER_BYTES": "100", "RATE_LIMIT_REGISTER_IP": "many"}))
	for _, name := range []string{"HTTP_READ_TIMEOUT", "HTTP_WRITE_TIMEOUT", "HTTP_MAX_HEADER_BYTES", "RATE_LIMIT_REGISTER_IP"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("a bad %s is not reported: %v", name, err)
		}
	}
}
