package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

type clientIPKey struct{}

// ClientAddr records each request's client address: the direct peer, or — when the peer is one of our own
// trusted proxies (TRUSTED_PROXIES) — the nearest address in X-Forwarded-For that is not a trusted proxy. A
// client can put anything in X-Forwarded-For, so it is believed only as far as our proxies vouch for it.
func ClientAddr(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := clientIP(r, trusted)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey{}, ip)))
	})
}

// ClientIP returns the client address of the request, as ClientAddr found it.
func ClientIP(r *http.Request) netip.Addr {
	if ip, ok := r.Context().Value(clientIPKey{}).(netip.Addr); ok {
		return ip
	}
	return peerIP(r)
}

func clientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	ip := peerIP(r)
	if !InPrefixes(ip, trusted) {
		return ip
	}
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
