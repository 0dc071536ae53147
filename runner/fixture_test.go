package runner

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tally-book/tally/internal/testkit"
	"github.com/tally-book/tally/runner/chapter"
	"golang.org/x/tools/txtar"
)

// TestFixtures runs every testdata/*.txtar case: its *.md files form a book,
// an optional "config" file sets the runner (timeout 2s, maxoutput 1000,
// set name=value), and the "want" file is the golden report of the run.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	root := moduleRoot(t)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			chapters := map[string][]byte{}
			cfg := Config{Root: root, Work: filepath.Join(root, "_tally", "test", name), Force: true}
			wantIdx := -1
			for i, f := range ar.Files {
				switch {
				case strings.HasSuffix(f.Name, ".md"):
					chapters[f.Name] = f.Data
				case f.Name == "config":
					applyConfig(t, &cfg, f.Data)
				case f.Name == "want":
					wantIdx = i
				}
			}
			b := chapter.NewBook(chapters)
			r, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			got := Report(r.RunBook(context.Background(), b))
			testkit.GoldenTxtar(t, file, ar, wantIdx, got, "report differs (go test -run TestFixtures/"+name+" -update to accept)")
		})
	}
}

func applyConfig(t *testing.T, cfg *Config, data []byte) {
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch k {
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil {
				t.Fatal(err)
			}
			cfg.Timeout = d
		case "maxoutput":
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatal(err)
			}
			cfg.MaxOutput = n
		case "set":
			name, val, _ := strings.Cut(v, "=")
			if cfg.Set == nil {
				cfg.Set = map[string]string{}
			}
			cfg.Set[name] = val
		case "":
		default:
			t.Fatalf("config: unknown key %q", k)
		}
	}
}

func moduleRoot(t testing.TB) string {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	return root
}
