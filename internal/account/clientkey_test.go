package account

import (
	"net/netip"
	"testing"
)

// Per-address limits count an IPv6 client by its /64: a script cannot take a fresh address of its network for
// every attempt.
func TestClientKeyCountsIPv6ByItsNetwork(t *testing.T) {
	key := func(s string) string { return clientKey(netip.MustParseAddr(s)) }
	if key("2a02:6b8::1") != key("2a02:6b8::ffff:1234") {
		t.Error("two addresses of one /64 are counted apart")
	}
	if key("2a02:6b8::1") == key("2a02:6b8:0:1::1") {
		t.Error("two /64 networks are counted together")
	}
	if key("203.0.113.7") == key("203.0.113.8") {
		t.Error("two IPv4 addresses are counted together")
	}
	if key("::ffff:203.0.113.7") != key("203.0.113.7") {
		t.Error("an IPv4 address seen through IPv6 is counted apart from itself")
	}
}
