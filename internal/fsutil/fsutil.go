// Package fsutil holds the two file operations that the runner, the site
// and the command share: copying a file and taking a lock that another
// process of tally waits for.
package fsutil

import (
	"errors"
	"io"
	"os"
)

// CopyFile copies the file src to dst, creating (with mode 0644) or
// truncating dst, and returns the error of closing dst too. Between two
// files the kernel copies (copy_file_range), so megabytes cost little.
func CopyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close() //nolint:errcheck // read only: its Close cannot lose data
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = io.Copy(out, in)
	return err
}

// Lock takes an exclusive lock on the file name, creating it: flock on
// unix, LockFileEx on windows, so that the lock is released by the system
// when its process dies. When another process (or another Lock of this
// one) holds the lock, Lock calls waiting, if it is not nil, and then
// waits for it. The returned function releases the lock.
func Lock(name string, waiting func()) (unlock func(), err error) {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f, false); err != nil {
		if !errors.Is(err, errBusy) {
			_ = f.Close() // the lock file is only locked, never written
			return nil, err
		}
		if waiting != nil {
			waiting()
		}
		if err := lockFile(f, true); err != nil {
			_ = f.Close() // the lock file is only locked, never written
			return nil, err
		}
	}
	return func() {
		// Closing the file releases the lock too, so a failed unlock
		// changes nothing; the lock file is never written.
		_ = unlockFile(f)
		_ = f.Close()
	}, nil
}

// errBusy is what lockFile returns when it would have to wait.
var errBusy = errors.New("fsutil: the lock is held")
