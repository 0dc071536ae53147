package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tally-book/tally/internal/fsutil"
	"github.com/tally-book/tally/internal/sitedir"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/site"
)

// TestCLIRunEscapesTerminalControl runs a chapter whose snippet prints
// ANSI escape sequences (clear screen, colour, window title), a carriage
// return and a C1 control, and fails its output check and a panic with
// them: tally run and tally test show them escaped, never raw.
func TestCLIRunEscapesTerminalControl(t *testing.T) {
	t.Parallel()
	const ch = "# Escapes\n\n```go\nfmt.Println(\"\\x1b[2J\\x1b[31mred\\x1b[0m \\x1b]0;title\\x07 50%\\r100% \\u009b\")\nfmt.Fprintln(os.Stderr, \"\\x1b[1mbold\")\nbook.Publish(\"s\", \"\\x1b[2Jstr\")\n```\n\n```output\nplain\n```\n\n```go\npanic(\"\\x1b[2Jgone\")\n```\n"
	dir := writeBook(t, map[string]string{"cli-ansi.md": ch})
	for _, cmd := range []string{"run", "test"} {
		code, out, errOut := tally(t, cmd, dir)
		if code != 1 {
			t.Fatalf("tally %s = %d, want 1\n%s%s", cmd, code, out, errOut)
		}
		for _, c := range []string{"\x1b", "\r", "\u009b", "\x07"} {
			if strings.Contains(out+errOut, c) {
				t.Errorf("tally %s passed %q through raw:\n%q", cmd, c, out+errOut)
			}
		}
		for _, want := range []string{`\x1b[2J\x1b[31mred\x1b[0m \x1b]0;title\x07 50%\r100% \u009b`, `panic: \x1b[2Jgone`} {
			if !strings.Contains(out, want) {
				t.Errorf("tally %s output lacks %q:\n%s", cmd, want, out)
			}
		}
		if cmd == "run" && !strings.Contains(out, `value s = \x1b[2Jstr`) {
			t.Errorf("tally run: the published string not shown escaped:\n%s", out)
		}
		if cmd == "run" && !strings.Contains(out, `stderr: \x1b[1mbold`) {
			t.Errorf("tally run: standard error not shown escaped:\n%s", out)
		}
	}
}

// TestCLIMemoryFlag runs a chapter that allocates 1 GiB under -memory
// 256MiB: the report names the line of the allocation.
func TestCLIMemoryFlag(t *testing.T) {
	t.Parallel()
	const ch = "# Memory\n\n```go\nbig := make([]byte, 1<<30)\nfmt.Println(len(big))\n```\n"
	dir := writeBook(t, map[string]string{"cli-memory.md": ch})
	code, out, errOut := tally(t, "run", dir, "-memory", "256MiB")
	want := "cli-memory.md:4: out of memory: the chapter's program reached its limit of 256MiB"
	if code != 1 || !strings.Contains(out, want) {
		t.Fatalf("tally run -memory 256MiB = %d, want 1 and %q in\n%s%s", code, want, out, errOut)
	}
	if code, out, errOut := tally(t, "run", dir, "-memory", "2GiB"); code != 0 {
		t.Fatalf("tally run -memory 2GiB = %d\n%s%s", code, out, errOut)
	}
}

// faultChapter is okChapter with a figure, for the build fault tests.
const faultChapter = okChapter + "\n```go\np := plot.New()\np.Title.Text = \"squares\"\nfigures.Publish(\"squares\", p, \"Squares\", \"An empty plot titled squares\")\n```\n"

// buildTally builds the tally command into a temporary folder.
func buildTally(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tally")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// snapshot returns the SHA-256 of every file under dir, by relative path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(b)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameFiles describes how two snapshots differ, or returns "".
func sameFiles(got, want map[string]string) string {
	var diff []string
	for p, h := range want {
		if got[p] != h {
			diff = append(diff, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diff = append(diff, p+" (extra)")
		}
	}
	sort.Strings(diff)
	if len(diff) > 5 {
		diff = append(diff[:5], "…")
	}
	return strings.Join(diff, ", ")
}

// TestBuildKilled kills tally build (kill -9) at several moments of a
// build that changes the site: at once, while the chapter's program runs,
// while the new site is written, just before it is swapped in, and after
// a few fixed delays. After each kill the output folder holds a whole
// site, the previous one or the new one, and never anything else; the
// build after the kills writes the same site as a build that was never
// killed.
func TestBuildKilled(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds tally and the book several times")
	}
	bin := buildTally(t)
	tmp := t.TempDir()
	book, out, ref := filepath.Join(tmp, "book"), filepath.Join(tmp, "site"), filepath.Join(tmp, "ref")
	if err := os.MkdirAll(book, 0o755); err != nil {
		t.Fatal(err)
	}
	chapter := filepath.Join(book, "fault-kill.md")
	tallyBuild := func(out string, args ...string) *exec.Cmd {
		cmd := exec.Command(bin, append(append([]string{"build", "-out", out}, args...), book)...)
		cmd.Env = append(os.Environ(), "CI=1")
		return cmd
	}
	mustBuild := func(out string, args ...string) {
		t.Helper()
		if b, err := tallyBuild(out, args...).CombinedOutput(); err != nil {
			t.Fatalf("tally build: %v\n%s", err, b)
		}
	}
	if err := os.WriteFile(chapter, []byte(faultChapter), 0o644); err != nil {
		t.Fatal(err)
	}
	mustBuild(out)
	before := snapshot(t, out)
	if err := os.WriteFile(chapter, []byte(strings.Replace(faultChapter, "Four squared", "Four times four", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	mustBuild(ref)
	after := snapshot(t, ref)
	if sameFiles(before, after) == "" {
		t.Fatal("the edit does not change the site")
	}

	gen := filepath.Join("_tally", "gen", "fault-kill", "figures") // made as the program starts; the tests run in the module root
	exists := func(pattern string) func() bool {
		return func() bool { m, _ := filepath.Glob(pattern); return len(m) > 0 }
	}
	after0 := func(d time.Duration) func() bool {
		start := time.Now()
		return func() bool { return time.Since(start) >= d }
	}
	for _, k := range []struct {
		name string
		when func() bool
	}{
		{"at_once", func() bool { return true }},
		{"running", func() bool { st, err := os.Stat(gen); return err == nil && time.Since(st.ModTime()) < time.Second }},
		{"writing_site", exists(filepath.Join(tmp, ".site.tmp-*"))},
		{"before_swap", exists(filepath.Join(tmp, ".site.tmp-*", sitedir.Marker))},
		{"after_100ms", after0(100 * time.Millisecond)},
		{"after_700ms", after0(700 * time.Millisecond)},
		{"after_2s", after0(2 * time.Second)},
	} {
		cmd := tallyBuild(out, "-force")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		exited := false
		for !exited && !k.when() {
			select {
			case <-done:
				exited = true
			case <-time.After(200 * time.Microsecond):
			}
		}
		if !exited {
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
		}
		got := snapshot(t, out)
		t.Logf("%s: killed %v, site is the new one %v", k.name, !exited, sameFiles(got, after) == "")
		if d1, d2 := sameFiles(got, before), sameFiles(got, after); d1 != "" && d2 != "" {
			t.Errorf("killed %s (exited by itself: %v): the site is neither the previous one (differs in %s) nor the new one (differs in %s)", k.name, exited, d1, d2)
		}
	}
	b, err := tallyBuild(out).CombinedOutput()
	if err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, b)
	}
	if d := sameFiles(snapshot(t, out), after); d != "" {
		t.Errorf("build after the kills differs from an unkilled build in %s", d)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, ".site.tmp-*")); len(left) > 0 {
		t.Errorf("half-written folders left next to the site: %v", left)
	}
}

// TestBuildConcurrent runs two tally builds into one output folder while
// a third party holds the folder's lock: both say they wait, both finish
// once it is released, and the folder holds one whole site, the same as a
// build that ran alone.
func TestBuildConcurrent(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds tally and the book several times")
	}
	bin := buildTally(t)
	tmp := t.TempDir()
	book, out, ref := filepath.Join(tmp, "book"), filepath.Join(tmp, "site"), filepath.Join(tmp, "ref")
	if err := os.MkdirAll(book, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(book, "fault-twice.md"), []byte(faultChapter), 0o644); err != nil {
		t.Fatal(err)
	}
	tallyBuild := func(out string) *exec.Cmd {
		cmd := exec.Command(bin, "build", "-out", out, book)
		cmd.Env = append(os.Environ(), "CI=1")
		return cmd
	}
	if b, err := tallyBuild(ref).CombinedOutput(); err != nil {
		t.Fatalf("tally build: %v\n%s", err, b)
	}
	want := snapshot(t, ref)

	unlock, err := fsutil.Lock(filepath.Join(tmp, ".site.lock"), func() { t.Fatal("the lock is taken before any build") })
	if err != nil {
		t.Fatal(err)
	}
	type run struct {
		cmd    *exec.Cmd
		stderr *syncBuffer
		done   chan error
	}
	var runs []run
	for range 2 {
		r := run{cmd: tallyBuild(out), stderr: &syncBuffer{}, done: make(chan error, 1)}
		r.cmd.Stderr = r.stderr
		if err := r.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { r.done <- r.cmd.Wait() }()
		runs = append(runs, r)
	}
	for i, r := range runs {
		for !strings.Contains(r.stderr.String(), "waiting for it to finish") {
			select {
			case err := <-r.done:
				t.Fatalf("build %d ended while the lock was held: %v\n%s", i, err, r.stderr)
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	unlock()
	for i, r := range runs {
		if err := <-r.done; err != nil {
			t.Errorf("build %d: %v\n%s", i, err, r.stderr)
		}
	}
	if d := sameFiles(snapshot(t, out), want); d != "" {
		t.Errorf("after two builds at once the site differs from a lone build's in %s", d)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, ".site.tmp-*")); len(left) > 0 {
		t.Errorf("half-written folders left next to the site: %v", left)
	}
}

// genRE matches the build number that serve writes into each page.
var genRE = regexp.MustCompile(`data-gen="\d+"`)

// syncBuffer is a bytes.Buffer that a process and a test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeFaults runs tally serve and tries what can go wrong while it
// serves: a second serve on its port (refused at once, before building),
// paths that climb out of the site in every spelling (never served), a
// chapter that breaks and one that is deleted (the open page is told the
// problem at chapter:line, serve goes on serving the last good site), and
// the chapter restored (the problems clear).
func TestServeFaults(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	book, out := filepath.Join(tmp, "book"), filepath.Join(tmp, "site")
	if err := os.MkdirAll(book, 0o755); err != nil {
		t.Fatal(err)
	}
	const secret = "the secret next to the site"
	chapter := filepath.Join(book, "fault-serve.md")
	for name, data := range map[string]string{chapter: okChapter, filepath.Join(tmp, "secret.txt"): secret} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	served := make(chan int, 1)
	go func() {
		served <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-out", out, book}, io.Discard, &stderr)
	}()
	var url string
	for url == "" {
		if _, u, ok := strings.Cut(stderr.String(), " on http://"); ok {
			url, _, _ = strings.Cut("http://"+u, "\n")
			break
		}
		select {
		case code := <-served:
			t.Fatalf("tally serve = %d\n%s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	host := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")

	// A second serve on the same port.
	var stderr2 syncBuffer
	out2 := filepath.Join(tmp, "site2")
	if code := run(ctx, []string{"serve", "-addr", host, "-out", out2, book}, io.Discard, &stderr2); code != 1 || !strings.Contains(stderr2.String(), host+" is in use (another tally serve?)") {
		t.Errorf("second serve on %s = %d\n%s", host, code, stderr2.String())
	}
	if _, err := os.Stat(out2); err == nil {
		t.Error("the second serve built the book before finding its port taken")
	}

	// Paths out of the site, sent as written (no client cleans them).
	for _, p := range []string{
		"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt",
		"/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/%2e%2e%5csecret.txt", "/..\\secret.txt",
		"/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/%252e%252e/secret.txt",
		"//../secret.txt", "/./../secret.txt", "/%2e%2e/site/../secret.txt", "/..;/secret.txt",
		"http://" + host + "/../secret.txt",
	} {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", p, host)
		resp, _ := io.ReadAll(conn)
		conn.Close()
		status, _, _ := strings.Cut(string(resp), "\r\n")
		if strings.Contains(string(resp), secret) || strings.HasSuffix(status, " 200 OK") {
			t.Errorf("GET %s: %s", p, status)
		}
	}

	// Events: the state of every build.
	resp, err := http.Get(url + "__tally/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	type state struct {
		Gen      int    `json:"gen"`
		Problems string `json:"problems"`
	}
	events := make(chan state, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			var st state
			if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok && json.Unmarshal([]byte(d), &st) == nil {
				events <- st
			}
		}
	}()
	next := func(what string) state {
		t.Helper()
		select {
		case st := <-events:
			return st
		case code := <-served:
			t.Fatalf("serve ended (%d) waiting for %s\n%s", code, what, stderr.String())
		case <-time.After(2 * time.Minute): // a guard, not a measure
			t.Fatalf("no event: %s", what)
		}
		return state{}
	}
	first := next("the first state")
	page := func() string {
		t.Helper()
		resp, err := http.Get(url + "fault-serve.html")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET fault-serve.html: %s", resp.Status)
		}
		return genRE.ReplaceAllString(string(b), "")
	}
	good := page()
	for _, step := range []struct {
		name, src, want string // want: in the problems; "" for none
	}{
		{"broken", strings.Replace(okChapter, "n*n)", "n*n", 1), "fault-serve.md:8:"},
		{"restored", okChapter, ""},
		{"deleted", "", "has no chapters"},
		{"back", okChapter, ""},
	} {
		var err error
		if step.src == "" {
			err = os.Remove(chapter)
		} else {
			err = os.WriteFile(chapter, []byte(step.src), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		st := next(step.name)
		for st.Gen == first.Gen {
			st = next(step.name)
		}
		first = st
		switch {
		case step.want == "" && st.Problems != "":
			t.Errorf("%s: problems %q", step.name, st.Problems)
		case step.want != "" && !strings.Contains(st.Problems, step.want):
			t.Errorf("%s: problems %q, want %q in them", step.name, st.Problems, step.want)
		}
		if step.name == "deleted" && page() != good {
			t.Errorf("%s: the last good page is not served", step.name)
		}
	}
	cancel()
	if code := <-served; code != 0 {
		t.Errorf("tally serve = %d\n%s", code, stderr.String())
	}
}

// nanChapter publishes a number that is +Inf always and one that is NaN
// when lr is large (a diverging run), each with a claim in the prose.
const nanChapter = "---\nparams:\n  lr: 0.1\n---\n# NaN\n\n```go\nloss := 0.5\nif lr > 1 {\n\tloss = math.NaN()\n}\nbook.Publish(\"loss\", loss)\nbook.Publish(\"big\", math.Inf(1))\n```\n\nThe loss is 0.5<!--=loss--> and big is 3<!--=big-->.\n"

// TestNonFiniteClaim checks claims whose value is NaN or +Inf: tally test
// -json writes its JSON with the claim failed at its line and the value
// as a string, tally build -keep-going reports the claim and writes the
// site, tally build -set writes the site with the NaN claim changed, and
// the panel of tally serve gets the claims as changed.
func TestNonFiniteClaim(t *testing.T) {
	dir := writeBook(t, map[string]string{"fault-nan.md": nanChapter})
	code, out, errOut := tally(t, "test", "-json", dir)
	if code != 1 {
		t.Fatalf("tally test -json = %d, want 1\n%s%s", code, out, errOut)
	}
	var res struct {
		Chapters []struct {
			Claims []struct {
				Line     int    `json:"line"`
				Ref      string `json:"ref"`
				Computed any    `json:"computed"`
				Status   string `json:"status"`
			} `json:"claims"`
		} `json:"chapters"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Chapters) != 1 {
		t.Fatalf("tally test -json wrote no JSON (%v):\n%s%s", err, out, errOut)
	}
	got := fmt.Sprint(res.Chapters[0].Claims)
	if want := "[{16 loss 0.5 pass} {16 big +Inf fail}]"; got != want {
		t.Errorf("claims %s, want %s", got, want)
	}

	siteDir := filepath.Join(t.TempDir(), "site")
	code, out, errOut = tally(t, "build", "-keep-going", "-out", siteDir, dir)
	if want := "fault-nan.md:16: claim 3 ≠ computed +Inf"; code != 1 || !strings.Contains(out+errOut, want) {
		t.Errorf("tally build -keep-going = %d, want 1 and %q\n%s%s", code, want, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(siteDir, "fault-nan.html")); err != nil {
		t.Errorf("tally build -keep-going wrote no page: %v", err)
	}
	code, out, errOut = tally(t, "build", "-set", "lr=5", "-out", filepath.Join(t.TempDir(), "site"), dir)
	if code != 0 || strings.Contains(out+errOut, "json") {
		t.Errorf("tally build -set lr=5 = %d\n%s%s", code, out, errOut)
	}

	rs := &reruns{dir: dir, timeout: time.Minute}
	rr, err := rs.run(context.Background(), site.RerunRequest{Chapter: "fault-nan", Params: map[string]string{"lr": "5"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rr)
	if err != nil {
		t.Fatalf("the panel's result does not marshal: %v", err)
	}
	var back runner.RerunResult
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	var claims []string
	for _, c := range back.Claims {
		claims = append(claims, c.Name+" "+c.Value+" "+string(c.Status))
	}
	if got, want := strings.Join(claims, ", "), "loss NaN changed, big +Inf changed"; got != want {
		t.Errorf("panel claims %q, want %q", got, want)
	}
}
