package main

import (
	"syscall"

	"golang.org/x/sys/windows"
)

// addrInUseErrnos are the codes by which net.Listen says that an address
// is in use: Winsock's (syscall.EADDRINUSE is an errno that Go invents
// on windows, which no socket call returns).
var addrInUseErrnos = []syscall.Errno{windows.WSAEADDRINUSE}
