package book

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"syscall"
	"unsafe"
)

// Landlock system calls and constants (linux/landlock.h); the numbers
// are the same on every architecture.
const (
	sysLandlockCreateRuleset = 444
	sysLandlockAddRule       = 445
	sysLandlockRestrictSelf  = 446

	landlockCreateRulesetVersion = 1
	landlockRulePathBeneath      = 1
	prSetNoNewPrivs              = 38

	accessWriteFile  = 1 << 1
	accessRemoveDir  = 1 << 4
	accessRemoveFile = 1 << 5
	accessMakeChar   = 1 << 6
	accessMakeDir    = 1 << 7
	accessMakeReg    = 1 << 8
	accessMakeSock   = 1 << 9
	accessMakeFifo   = 1 << 10
	accessMakeBlock  = 1 << 11
	accessMakeSym    = 1 << 12
	accessRefer      = 1 << 13 // ABI 2
	accessTruncate   = 1 << 14 // ABI 3
)

// sandbox forbids the program, with Landlock, every change to the file
// system (writing, truncating, creating, removing, renaming or linking a
// file) outside the folders of dirs, a list as in PATH. /dev stays
// writable, for /dev/null. Reading is not restricted. It does nothing
// where the kernel has no Landlock, and in a program linked with cgo,
// whose threads Go cannot all reach.
func sandbox(dirs string) error {
	abi, _, errno := syscall.Syscall(sysLandlockCreateRuleset, 0, 0, landlockCreateRulesetVersion)
	if errno != 0 || int(abi) < 1 {
		return nil // no Landlock here
	}
	handled := uint64(accessWriteFile | accessRemoveDir | accessRemoveFile | accessMakeChar | accessMakeDir |
		accessMakeReg | accessMakeSock | accessMakeFifo | accessMakeBlock | accessMakeSym)
	if abi >= 2 {
		handled |= accessRefer
	}
	if abi >= 3 {
		handled |= accessTruncate
	}
	var attr [8]byte // struct landlock_ruleset_attr, its first field: handled_access_fs
	binary.NativeEndian.PutUint64(attr[:], handled)
	fd, _, errno := syscall.Syscall(sysLandlockCreateRuleset, uintptr(unsafe.Pointer(&attr[0])), uintptr(len(attr)), 0)
	if errno != 0 {
		return fmt.Errorf("landlock_create_ruleset: %v", errno)
	}
	defer syscall.Close(int(fd)) //nolint:errcheck // a ruleset descriptor: nothing is written through it
	allow := func(dir string, access uint64) error {
		d, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != nil {
			return fmt.Errorf("%s: %v", dir, err)
		}
		defer syscall.Close(d) //nolint:errcheck // opened read-only, as a path for the rule

		var rule [12]byte // struct landlock_path_beneath_attr, packed
		binary.NativeEndian.PutUint64(rule[:8], access)
		binary.NativeEndian.PutUint32(rule[8:], uint32(int32(d)))
		if _, _, errno := syscall.Syscall6(sysLandlockAddRule, fd, landlockRulePathBeneath, uintptr(unsafe.Pointer(&rule[0])), 0, 0, 0); errno != 0 {
			return fmt.Errorf("landlock_add_rule %s: %v", dir, errno)
		}
		return nil
	}
	if err := allow("/dev", accessWriteFile|handled&accessTruncate); err != nil {
		return err
	}
	for _, dir := range filepath.SplitList(dirs) {
		if err := allow(dir, handled); err != nil {
			return err
		}
	}
	if _, _, errno := syscall.AllThreadsSyscall(syscall.SYS_PRCTL, prSetNoNewPrivs, 1, 0); errno == syscall.ENOTSUP {
		return nil // linked with cgo
	} else if errno != 0 {
		return fmt.Errorf("no_new_privs: %v", errno)
	}
	if _, _, errno := syscall.AllThreadsSyscall(sysLandlockRestrictSelf, fd, 0, 0); errno != 0 {
		return fmt.Errorf("landlock_restrict_self: %v", errno)
	}
	return nil
}
