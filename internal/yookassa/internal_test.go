package yookassa

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":     0,
		"0":    0,
		"-3":   0,
		"1":    time.Second,
		"7":    7 * time.Second,
		"3600": maxWait, // capped
		now.Add(3 * time.Second).Format(http.TimeFormat):  3 * time.Second,
		now.Add(-3 * time.Second).Format(http.TimeFormat): 0,
		now.Add(time.Hour).Format(http.TimeFormat):        maxWait,
		"soon": 0,
		"1.5":  0,
	}
	for in, want := range tests {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestBackoff(t *testing.T) {
	c := New(Config{RetryBase: 100 * time.Millisecond}, nil)
	for attempt, bounds := range map[int][2]time.Duration{
		1:  {50 * time.Millisecond, 100 * time.Millisecond},
		2:  {100 * time.Millisecond, 200 * time.Millisecond},
		3:  {200 * time.Millisecond, 400 * time.Millisecond},
		10: {maxWait / 2, maxWait},
		70: {maxWait / 2, maxWait}, // no overflow however long it goes
	} {
		for range 50 {
			if got := c.backoff(attempt); got < bounds[0] || got > bounds[1] {
				t.Fatalf("backoff(%d) = %s, want within %s", attempt, got, bounds)
			}
		}
	}
}

func TestCheckKey(t *testing.T) {
	for key, ok := range map[string]bool{
		"":                                     false,
		"a":                                    true,
		strings.Repeat("k", 64):                true,
		strings.Repeat("k", 65):                false,
		"order-42-attempt-1":                   true,
		"with space":                           false,
		"new\nline":                            false,
		"ключ":                                 false,
		"0f8fad5b-d9cb-469f-a165-70867728950e": true,
	} {
		if err := checkKey(key); (err == nil) != ok {
			t.Errorf("checkKey(%q) = %v, want ok %t", key, err, ok)
		}
	}
}

func TestDefaults(t *testing.T) {
	c := New(Config{}, nil)
	want := Config{BaseURL: DefaultBaseURL, Timeout: 10 * time.Second, MaxAttempts: 4, RetryBase: 300 * time.Millisecond}
	if c.cfg != want {
		t.Errorf("defaults = %+v, want %+v", c.cfg, want)
	}
	if c.http == nil || c.http.CheckRedirect == nil {
		t.Error("the default HTTP client follows redirects")
	}
	if got := New(Config{BaseURL: "http://x/v3/"}, nil).cfg.BaseURL; got != "http://x/v3" {
		t.Errorf("BaseURL = %q, want the trailing slash trimmed", got)
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{Status: 400, Type: "error", ID: "ab5a", Code: "invalid_request", Description: "Idempotence key duplicated",
			Parameter: "Idempotence-Key"},
			"HTTP 400 invalid_request: Idempotence key duplicated (parameter Idempotence-Key) [error id ab5a]"},
		{Error{Status: 502}, "HTTP 502 Bad Gateway"},
		{Error{Status: 401, Code: "invalid_credentials"}, "HTTP 401 invalid_credentials"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
