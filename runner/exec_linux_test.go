package runner

// The tests of this file use Linux's system calls (and GOOS=windows go vet
// type-checks the tests too).

import (
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTimeoutKillsSession has a snippet start a process in a session of
// its own (setsid, so outside the program's process group), and one that
// the started process orphans, then sleep past the chapter's timeout: the
// kill at the timeout reaches both.
func TestTimeoutKillsSession(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("processes outside the program's group are found through Linux's /proc")
	}
	pids := filepath.Join(t.TempDir(), "pids")
	src := "---\ntimeout: 3s\nunsafe: true\n---\n# Setsid\n\n```go\ncmd := exec.Command(\"sh\", \"-c\", \"(sleep 300 & echo $! >> " + pids + "); exec sleep 300\")\ncmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}\nif err := cmd.Start(); err != nil {\n\tpanic(err)\n}\nf, _ := os.OpenFile(\"" + pids + "\", os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)\nfmt.Fprintln(f, cmd.Process.Pid)\nf.Close()\ntime.Sleep(time.Hour)\n```\n"
	got := problems(t, src)
	if !strings.Contains(got, "c.md:8: timed out") {
		t.Fatalf("problems:\n%s\nwant a timeout at line 8", got)
	}
	b, err := os.ReadFile(pids)
	if err != nil {
		t.Fatal(err)
	}
	ids := strings.Fields(string(b))
	if len(ids) != 2 {
		t.Fatalf("pids %q, want two", ids)
	}
	alive := func(id string) (string, bool) {
		stat, err := os.ReadFile("/proc/" + id + "/stat")
		if err != nil {
			return "", false // gone
		}
		s := string(stat)
		return s, !strings.Contains(s[strings.LastIndexByte(s, ')'):], ") Z ")
	}
	for _, id := range ids {
		// A killed process may take a moment to die.
		stat, ok := alive(id)
		for try := 0; ok && try < 50; try++ {
			time.Sleep(100 * time.Millisecond)
			stat, ok = alive(id)
		}
		if ok {
			t.Errorf("process %s outlived the timeout: %s", id, stat)
			if n, err := strconv.Atoi(id); err == nil {
				syscall.Kill(n, syscall.SIGKILL)
			}
		}
	}
}

// TestSandbox has a snippet delete a site in the module (the program's
// working folder) and write a file into its temporary folder: on Linux
// with Landlock the deletion fails at its line and the site stays, while
// the temporary file is written. With unsafe: true the site is deleted.
func TestSandbox(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the sandbox is Linux's Landlock")
	}
	if _, _, errno := syscall.Syscall(444, 0, 0, 1); errno != 0 {
		t.Skipf("no Landlock in this kernel: %v", errno)
	}
	site := filepath.Join(moduleRoot(t), "_tally", "test", "exec-sandbox-site")
	index := filepath.Join(site, "index.html")
	body := "```go\nf, err := os.CreateTemp(\"\", \"x\")\nif err != nil {\n\tpanic(err)\n}\nf.Close()\nif err := os.RemoveAll(\"" + site + "\"); err != nil {\n\tpanic(err)\n}\n```\n"
	for _, unsafe := range []bool{false, true} {
		if err := os.MkdirAll(site, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(index, []byte("site"), 0o644); err != nil {
			t.Fatal(err)
		}
		got := problems(t, fmt.Sprintf("---\nunsafe: %v\n---\n# Sandbox\n\n", unsafe)+body)
		_, err := os.Stat(index)
		switch {
		case !unsafe && (!strings.Contains(got, "c.md:13: panic: unlinkat ") || !strings.Contains(got, "permission denied") || err != nil):
			t.Errorf("sandboxed: problems %q, site: %v; want a panic at line 13 and the site intact", got, err)
		case unsafe && (got != "" || err == nil):
			t.Errorf("unsafe: problems %q, site: %v; want the site deleted", got, err)
		}
	}
}

// TestProgramStripped checks that a chapter's native program is built
// without its symbol table and DWARF (go build -ldflags=-s -w: a sixth of
// each program in _tally/), and that a panic still names its chapter line.
func TestProgramStripped(t *testing.T) {
	got := problems(t, "# Strip\n\n```go\nvar xs []int\nfmt.Println(xs[3])\n```\n")
	if !strings.Contains(got, "c.md:5: panic: runtime error: index out of range") {
		t.Errorf("problems:\n%s\nwant the panic at c.md:5", got)
	}
	prog := packedIn(t, filepath.Join(moduleRoot(t), "_tally", "test", "exec-"+t.Name(), "gen", "c"))
	f, err := elf.NewFile(bytes.NewReader(gunzip(t, readFile(t, prog))))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close() //nolint:errcheck // read only
	for _, s := range f.Sections {
		if s.Name == ".symtab" || strings.HasPrefix(s.Name, ".debug_") || strings.HasPrefix(s.Name, ".zdebug_") {
			t.Errorf("the program %s has a section %s", prog, s.Name)
		}
	}
}
