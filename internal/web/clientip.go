package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

type clientKey struct{}

// client is what ClientAddr found out about a request's client.
type client struct {
	ip    netip.Addr
	https bool   // the client reached us over https: TLS here, or X-Forwarded-Proto from a trusted proxy
	host  string // the host the client asked for: X-Forwarded-Host from a trusted proxy, else r.Host
}

// ClientAddr records each request's client: its address — the direct peer, or, when the peer is one of our own
// trusted proxies (TRUSTED_PROXIES), the nearest address in X-Forwarded-For that is not a trusted proxy — and
// the scheme and host it used. Behind a proxy that ends TLS the request reaches us over plain http with the
// proxy's idea of the host, so X-Forwarded-Proto and X-Forwarded-Host say what the client used; from anyone
// but a trusted proxy those headers are ignored, as a client can put anything in them.
func ClientAddr(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := clientOf(r, trusted)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientKey{}, c)))
	})
}

// ClientIP returns the client address of the request, as ClientAddr found it.
func ClientIP(r *http.Request) netip.Addr {
	if c, ok := r.Context().Value(clientKey{}).(client); ok {
		return c.ip
	}
	return peerIP(r)
}

// IsHTTPS reports whether the client reached us over https, here or at a trusted proxy in front of us: cookies
// set for it should be Secure.
func IsHTTPS(r *http.Request) bool {
	if c, ok := r.Context().Value(clientKey{}).(client); ok {
		return c.https
	}
	return r.TLS != nil
}

// BaseURL returns the scheme and host the client used to reach us, e.g. "https://mekha-shuby.ru" behind a
// trusted proxy or "http://127.0.0.1:8000" directly, for the absolute links the API hands out (next pages,
// pictures), as DRF's build_absolute_uri does.
func BaseURL(r *http.Request) string {
	host := r.Host
	if c, ok := r.Context().Value(clientKey{}).(client); ok {
		host = c.host
	}
	if IsHTTPS(r) {
		return "https://" + host
	}
	return "http://" + host
}

func clientOf(r *http.Request, trusted []netip.Prefix) client {
	c := client{ip: peerIP(r), https: r.TLS != nil, host: r.Host}
	if !InPrefixes(c.ip, trusted) {
		return c
	}
	if p, ok := lastValue(r, "X-Forwarded-Proto"); ok {
		switch strings.ToLower(p) {
		case "https":
			c.https = true
		case "http":
			c.https = false
		}
	}
	if h, ok := lastValue(r, "X-Forwarded-Host"); ok && validHost(h) {
		c.host = h
	}
	c.ip = forwardedFor(r, c.ip, trusted)
	return c
}

// forwardedFor walks X-Forwarded-For from the nearest hop back to the first address not of our proxies.
func forwardedFor(r *http.Request, ip netip.Addr, trusted []netip.Prefix) netip.Addr {
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return ip // garbage: stop at the last address we could vouch for
		}
		ip = hop.Unmap()
		if !InPrefixes(ip, trusted) {
			return ip
		}
	}
	return ip
}

// lastValue is the last of a header's comma-separated values: the one our nearest proxy wrote, where a proxy
// that appends rather than replaces would leave a client's own value before it.
func lastValue(r *http.Request, name string) (string, bool) {
	vs := r.Header.Values(name)
	if len(vs) == 0 {
		return "", false
	}
	last := vs[len(vs)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	last = strings.TrimSpace(last)
	return last, last != ""
}

// validHost accepts a host name or address with an optional port — nothing that could end a URL's authority
// and start a path, a query or another user's host.
func validHost(h string) bool {
	if len(h) > 255 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(".-_:[]", c) >= 0) {
			return false
		}
	}
	return true
}

func peerIP(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, _ := netip.ParseAddr(host)
	return ip.Unmap()
}

// InPrefixes reports whether ip is in one of prefixes.
func InPrefixes(ip netip.Addr, prefixes []netip.Prefix) bool {
	for _, p := range prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
