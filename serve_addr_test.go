package main

import (
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
)

// TestAddrInUse tells an address in use from net.Listen's other errors:
// a real one on this system, and one built as net.Listen fails on
// windows, with Winsock's WSAEADDRINUSE (10048), which unix's EADDRINUSE
// (what serve looked for everywhere before) does not match there.
func TestAddrInUse(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, busy := net.Listen("tcp", ln.Addr().String())
	if busy == nil {
		t.Fatal("a second listener on one port did not fail")
	}
	_, bad := net.Listen("tcp", "127.0.0.1:99999")
	const wsaeaddrinuse = syscall.Errno(10048)
	winBusy := &net.OpError{Op: "listen", Net: "tcp", Err: os.NewSyscallError("bind", wsaeaddrinuse)}
	for _, tc := range []struct {
		name   string
		err    error
		errnos []syscall.Errno
		want   bool
	}{
		{"busy here", busy, addrInUseErrnos, true},
		{"bad port", bad, addrInUseErrnos, false},
		{"nil", nil, addrInUseErrnos, false},
		{"other", errors.New("address in use"), addrInUseErrnos, false},
		{"busy on windows", winBusy, []syscall.Errno{wsaeaddrinuse}, true},
		{"busy on windows, unix's code", winBusy, []syscall.Errno{syscall.EADDRINUSE}, false},
	} {
		if got := addrInUse(tc.err, tc.errnos...); got != tc.want {
			t.Errorf("%s: addrInUse(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
	if err := addrFree(ln.Addr().String()); err == nil || !strings.Contains(err.Error(), "is in use (another tally serve?)") {
		t.Errorf("addrFree of a port in use: %v", err)
	}
}
