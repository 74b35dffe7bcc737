package server

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// parseProxies reads the trusted proxies of the configuration, each an IP
// address or a CIDR range; it returns the ones it could not read.
func parseProxies(list []string) (prefixes []netip.Prefix, bad []string) {
	for _, s := range list {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			prefixes = append(prefixes, p.Masked())
		} else if ip, err := netip.ParseAddr(s); err == nil {
			prefixes = append(prefixes, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
		} else if s != "" {
			bad = append(bad, s)
		}
	}
	return prefixes, bad
}

func (a *app) trusted(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range a.proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// clientIP is the address limits are counted against. Behind trusted
// proxies it is the right-most X-Forwarded-For entry that is not itself a
// trusted proxy: each proxy appends the address it was reached from, so
// entries to the left of that one were written by the client and prove
// nothing. Fiber's c.IP() takes the left-most entry, which the client
// chooses.
func (a *app) clientIP(c *fiber.Ctx) string {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	var hops []string
	for _, h := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		hops = append(hops, strings.Split(string(h), ",")...)
	}
	return a.clientOf(peer, hops).String()
}

// clientOf is the client's address given the peer's and the
// X-Forwarded-For entries, left to right.
func (a *app) clientOf(peer netip.Addr, hops []string) netip.Addr {
	peer = peer.Unmap()
	if !a.trusted(peer) {
		return peer
	}
	last := peer
	for i := len(hops) - 1; i >= 0; i-- {
		ip, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			// A trusted proxy writes addresses; this came from elsewhere,
			// so the last proxy's word is all there is.
			return last
		}
		ip = ip.Unmap()
		if !a.trusted(ip) {
			return ip
		}
		last = ip
	}
	return last
}
