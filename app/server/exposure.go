package server

import (
	"fmt"
	"net"
	"net/netip"
)

// ExposureWarning is what `sslab serve` prints on stderr when it listens
// on addr where other machines can reach it (every interface, as -addr
// :PORT asks, or a network address), or "" on a loopback address. The
// lab has no accounts: whoever reaches the port can use it and the
// machine's cores.
func ExposureWarning(addr net.Addr) string {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return fmt.Sprintf("sslab serve: warning: listening on %s, which may be reachable from other machines; -addr 127.0.0.1:PORT keeps the lab on this one", addr)
	}
	ip := ap.Addr().Unmap()
	port := ap.Port()
	switch {
	case ip.IsLoopback():
		return ""
	case ip.IsUnspecified():
		return fmt.Sprintf("sslab serve: warning: listening on every network interface (%s): anyone who can reach this machine on port %d can use the lab; -addr 127.0.0.1:%d keeps it on this machine", addr, port, port)
	default:
		return fmt.Sprintf("sslab serve: warning: listening on %s, a network address: anyone who can reach it can use the lab; -addr 127.0.0.1:%d keeps it on this machine", addr, port)
	}
}
