package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name, peer, xff, want string
	}{
		{"direct client; its X-Forwarded-For is a lie", "203.0.113.7:5000", "1.2.3.4", "203.0.113.7"},
		{"through our proxy", "10.0.0.2:80", "198.51.100.9", "198.51.100.9"},
		{"a client-sent hop before our proxy is ignored", "10.0.0.2:80", "1.2.3.4, 198.51.100.9", "198.51.100.9"},
		{"two proxies of ours", "10.0.0.2:80", "198.51.100.9, 10.0.0.3", "198.51.100.9"},
		{"garbage in the header", "10.0.0.2:80", "not-an-ip", "10.0.0.2"},
		{"IPv6 peer", "[2001:db8::1]:443", "", "2001:db8::1"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := clientOf(r, proxies).ip.String(); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}
