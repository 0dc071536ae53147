package runner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

const cacheChapter = `---
params:
  n: 3
---
# Cache

` + "```go" + `
s := 0
for i := 1; i <= n; i++ {
	s += i
}
book.Publish("s", s)
fmt.Println(s)
` + "```" + `

The sum is 6<!--=s-->.
`

func runOnce(t testing.TB, r *Runner, src string) *ChapterResult {
	t.Helper()
	b := chapter.NewBook(map[string][]byte{"c.md": []byte(src)})
	res := r.Run(context.Background(), b, b.Chapters[0])
	if len(res.Errors) > 0 {
		t.Fatalf("run: %v", res.Errors)
	}
	return res
}

func TestCache(t *testing.T) {
	root := moduleRoot(t)
	work := filepath.Join(root, "_tally", "test", "cache-"+strings.ReplaceAll(t.Name(), "/", "-"))
	if err := os.RemoveAll(work); err != nil { // a fresh cache: no entry from an earlier go test
		t.Fatal(err)
	}
	r, err := New(Config{Root: root, Work: work})
	if err != nil {
		t.Fatal(err)
	}
	first := runOnce(t, r, cacheChapter)
	builds := r.builds.Load()
	if first.Cache != "miss" {
		t.Fatalf("first run cache = %s", first.Cache)
	}

	second := runOnce(t, r, cacheChapter)
	if second.Cache != "hit" || r.builds.Load() != builds {
		t.Fatalf("second run: cache %s, builds %d → %d; want a hit and no build", second.Cache, builds, r.builds.Load())
	}
	if second.Snippets[0].Stdout != "6\n" || second.Claims[0].Status != "pass" {
		t.Fatalf("cached result lost data: %+v %+v", second.Snippets[0], second.Claims)
	}

	// A prose edit moves the code down three lines: still a hit, with the
	// positions of the new text.
	moved := strings.Replace(cacheChapter, "# Cache\n", "# Cache\n\nMore prose,\nover two lines.\n", 1)
	third := runOnce(t, r, moved)
	if third.Cache != "hit" || r.builds.Load() != builds {
		t.Fatalf("prose edit: cache %s, builds %d → %d; want a hit and no build", third.Cache, builds, r.builds.Load())
	}
	if d := third.Snippets[0].Line - second.Snippets[0].Line; d != 3 {
		t.Errorf("snippet line moved by %d, want 3", d)
	}
	if d := third.Values[1].Pos.Line - second.Values[1].Pos.Line; d != 3 {
		t.Errorf("value position moved by %d, want 3 (%v → %v)", d, second.Values[1].Pos, third.Values[1].Pos)
	}
	if third.Claims[0].Line-second.Claims[0].Line != 3 {
		t.Errorf("claim line not moved: %d → %d", second.Claims[0].Line, third.Claims[0].Line)
	}

	// A code edit runs again.
	changed := strings.Replace(cacheChapter, "s += i", "s += 2 * i", 1)
	changed = strings.Replace(changed, "is 6<!--", "is 12<!--", 1)
	fourth := runOnce(t, r, changed)
	if fourth.Cache != "miss" || r.builds.Load() != builds+1 {
		t.Fatalf("code edit: cache %s, builds %d → %d; want a miss and a build", fourth.Cache, builds, r.builds.Load())
	}

	// An override is part of the key.
	r2, _ := New(Config{Root: root, Work: work, Set: map[string]string{"n": "4"}})
	if fifth := runOnce(t, r2, cacheChapter); fifth.Cache != "miss" {
		t.Fatalf("override: cache %s, want miss", fifth.Cache)
	}
	// -force ignores the cache.
	r3, _ := New(Config{Root: root, Work: work, Force: true})
	if sixth := runOnce(t, r3, cacheChapter); sixth.Cache != "miss" {
		t.Fatalf("force: cache %s, want miss", sixth.Cache)
	}
}

func TestFailuresAreNotCached(t *testing.T) {
	root := moduleRoot(t)
	r, err := New(Config{Root: root, Work: filepath.Join(root, "_tally", "test", "nocache")})
	if err != nil {
		t.Fatal(err)
	}
	src := "```go\npanic(\"boom\")\n```\n"
	b := chapter.NewBook(map[string][]byte{"p.md": []byte(src)})
	for i := 0; i < 2; i++ {
		res := r.Run(context.Background(), b, b.Chapters[0])
		if len(res.Errors) == 0 || res.Cache == "hit" {
			t.Fatalf("run %d: errors %v, cache %s; want the panic, not from the cache", i, res.Errors, res.Cache)
		}
	}
}

func TestLoadBookEmpty(t *testing.T) {
	_, err := chapter.LoadBook(t.TempDir())
	if !errors.Is(err, chapter.ErrNoChapters) {
		t.Fatalf("LoadBook(empty) = %v, want ErrNoChapters", err)
	}
	if _, err := chapter.LoadBook(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("LoadBook(missing folder) succeeded")
	}
}

func TestModulePackages(t *testing.T) {
	r, err := New(Config{Root: moduleRoot(t)})
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := r.modulePackages([]string{"fmt", TallyModule + "/figures"})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, p := range pkgs {
		paths = append(paths, strings.TrimPrefix(p.path, TallyModule+"/"))
	}
	// figures imports book, whose browser harness imports
	// check; none reaches site or the command.
	if strings.Join(paths, " ") != "book check figures" {
		t.Errorf("packages = %v, want [book check figures]", paths)
	}
}
