//go:build !windows

package main

import "syscall"

// addrInUseErrnos are the codes by which net.Listen says that an address
// is in use.
var addrInUseErrnos = []syscall.Errno{syscall.EADDRINUSE}
