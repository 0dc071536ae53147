package fsutil

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCopyFile(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := os.WriteFile(src, []byte("figure bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, []byte("an older and longer file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CopyFile(src, dst); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "figure bytes" {
		t.Errorf("copy holds %q", got)
	}
	if err := CopyFile(filepath.Join(dir, "missing"), dst); err == nil {
		t.Error("copying a missing file: no error")
	}
}

func TestLockWaits(t *testing.T) {
	name := filepath.Join(t.TempDir(), ".lock")
	unlock, err := Lock(name, func() { t.Error("first lock waited") })
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan bool, 1)
	got := make(chan func(), 1)
	go func() {
		u, err := Lock(name, func() { waited <- true })
		if err != nil {
			t.Error(err)
		}
		got <- u
	}()
	<-waited // the second Lock saw the first holding it
	select {
	case <-got:
		t.Fatal("second Lock returned while the first held the lock")
	default:
	}
	unlock()
	(<-got)()
}
