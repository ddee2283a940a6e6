package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// Behind a proxy that ends TLS, the links we hand out and the Secure flag of our cookies follow what the client
// used — as our proxy reports it, and only our proxy.
func TestForwardedProtoAndHost(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name, peer string
		tls        bool
		header     map[string]string
		wantBase   string
		wantHTTPS  bool
	}{
		{"direct client", "203.0.113.7:5000", false, nil, "http://shop.internal:8001", false},
		{"direct client over TLS", "203.0.113.7:5000", true, nil, "https://shop.internal:8001", true},
		{"our proxy, https", "127.0.0.1:4000", false,
			map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "mekha-shuby.ru"}, "https://mekha-shuby.ru", true},
		{"our proxy on a port", "10.0.0.2:4000", false,
			map[string]string{"X-Forwarded-Proto": "HTTPS", "X-Forwarded-Host": "mekha-shuby.ru:8443"}, "https://mekha-shuby.ru:8443", true},
		{"our proxy, plain http", "10.0.0.2:4000", false,
			map[string]string{"X-Forwarded-Proto": "http", "X-Forwarded-Host": "mekha-shuby.ru"}, "http://mekha-shuby.ru", false},
		{"our proxy without the headers", "10.0.0.2:4000", false, nil, "http://shop.internal:8001", false},
		{"a spoofing client is not believed", "203.0.113.7:5000", false,
			map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}, "http://shop.internal:8001", false},
		{"a client's value before our proxy's is not believed", "10.0.0.2:4000", false,
			map[string]string{"X-Forwarded-Proto": "http, https", "X-Forwarded-Host": "evil.example, mekha-shuby.ru"}, "https://mekha-shuby.ru", true},
		{"a host that would change the path is refused", "10.0.0.2:4000", false,
			map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example/x?"}, "https://shop.internal:8001", true},
		{"an unknown scheme is ignored", "10.0.0.2:4000", false,
			map[string]string{"X-Forwarded-Proto": "gopher"}, "http://shop.internal:8001", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "http://shop.internal:8001/api/products", nil)
			r.RemoteAddr = tt.peer
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			var gotBase string
			var gotHTTPS bool
			ClientAddr(proxies, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotBase, gotHTTPS = BaseURL(r), IsHTTPS(r)
			})).ServeHTTP(httptest.NewRecorder(), r)
			if gotBase != tt.wantBase || gotHTTPS != tt.wantHTTPS {
				t.Errorf("got %s https=%v, want %s https=%v", gotBase, gotHTTPS, tt.wantBase, tt.wantHTTPS)
			}
		})
	}
}
