package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

const figureChapter = cacheChapter + "\n```go\np := plot.New()\np.Title.Text = \"sums\"\nfigures.Publish(\"sums\", p, \"Sums\", \"An empty plot titled sums\")\n```\n"

// TestCacheDamaged damages a cache entry the ways a kill or a disk can
// (cut short, overwritten with garbage, a value changed, a figure cut
// short or gone): the next run notices the entry does not match its
// checksum, runs the chapter again with right results, and stores a good
// entry that the run after it uses.
func TestCacheDamaged(t *testing.T) {
	root := moduleRoot(t)
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, entry string)
	}{
		{"truncated", func(t *testing.T, entry string) {
			b := readFile(t, filepath.Join(entry, "run.json"))
			writeFile(t, filepath.Join(entry, "run.json"), b[:len(b)/2])
		}},
		{"empty", func(t *testing.T, entry string) {
			writeFile(t, filepath.Join(entry, "run.json"), nil)
		}},
		{"garbage", func(t *testing.T, entry string) {
			writeFile(t, filepath.Join(entry, "run.json"), bytes.Repeat([]byte{0xde, 0xad, '{', '"'}, 300))
		}},
		{"value_changed", func(t *testing.T, entry string) {
			b := readFile(t, filepath.Join(entry, "run.json"))
			c := bytes.Replace(b, []byte(`"stdout": "6\n"`), []byte(`"stdout": "7\n"`), 1)
			if bytes.Equal(b, c) {
				t.Fatalf("no stdout to change in\n%s", b)
			}
			writeFile(t, filepath.Join(entry, "run.json"), c)
		}},
		{"figure_truncated", func(t *testing.T, entry string) {
			files, _ := filepath.Glob(filepath.Join(entry, "figures", "*"))
			if len(files) == 0 {
				t.Fatal("no figure in the entry")
			}
			b := readFile(t, files[0])
			writeFile(t, files[0], b[:len(b)/3])
		}},
		{"figure_gone", func(t *testing.T, entry string) {
			if err := os.RemoveAll(filepath.Join(entry, "figures")); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			work := filepath.Join(root, "_tally", "test", "cache-damaged-"+tc.name)
			if err := os.RemoveAll(work); err != nil {
				t.Fatal(err)
			}
			r, err := New(Config{Root: root, Work: work})
			if err != nil {
				t.Fatal(err)
			}
			first := runOnce(t, r, figureChapter)
			if first.Cache != "miss" || len(first.Figures) != 1 {
				t.Fatalf("first run: cache %s, figures %v", first.Cache, first.Figures)
			}
			fig := readFile(t, first.Figures[0].Path)
			entries, _ := filepath.Glob(filepath.Join(work, "cache", "c", "*", "run.json"))
			if len(entries) != 1 {
				t.Fatalf("cache entries: %v", entries)
			}
			tc.damage(t, filepath.Dir(entries[0]))
			again := runOnce(t, r, figureChapter)
			if again.Cache != "miss" {
				t.Fatalf("damaged entry: cache %s, want it run again", again.Cache)
			}
			if again.Snippets[0].Stdout != "6\n" || again.Claims[0].Status != "pass" || len(again.Figures) != 1 {
				t.Fatalf("re-run gave stdout %q, claim %s, figures %v", again.Snippets[0].Stdout, again.Claims[0].Status, again.Figures)
			}
			if got := readFile(t, again.Figures[0].Path); !bytes.Equal(got, fig) {
				t.Errorf("figure after the re-run: %d bytes, want the first run's %d", len(got), len(fig))
			}
			if third := runOnce(t, r, figureChapter); third.Cache != "hit" {
				t.Errorf("run after the repair: cache %s, want a hit", third.Cache)
			}
		})
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestProgramDamaged damages the built program of a chapter (cut short,
// or one byte changed at the same size) and runs the chapter again, once
// after its cached run is removed and once under Config.Force: the
// program is built again each time, and the run gives the right results.
func TestProgramDamaged(t *testing.T) {
	root := moduleRoot(t)
	for _, tc := range []struct {
		name   string
		damage func(b []byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"byte_changed", func(b []byte) []byte { b[len(b)/3] ^= 0xff; return b }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			work := filepath.Join(root, "_tally", "test", "prog-damaged-"+tc.name)
			if err := os.RemoveAll(work); err != nil {
				t.Fatal(err)
			}
			prog := filepath.Join(work, "gen", "c", "prog"+exeSuffix)
			damage := func() {
				writeFile(t, prog, tc.damage(readFile(t, prog)))
			}
			r, err := New(Config{Root: root, Work: work})
			if err != nil {
				t.Fatal(err)
			}
			runOnce(t, r, cacheChapter)
			builds := r.builds.Load()
			damage()
			if err := os.RemoveAll(filepath.Join(work, "cache")); err != nil {
				t.Fatal(err)
			}
			again := runOnce(t, r, cacheChapter)
			if r.builds.Load() != builds+1 || again.Cache != "miss" || again.Claims[0].Status != "pass" {
				t.Errorf("after damage: %d builds (want %d), cache %s, claim %s", r.builds.Load(), builds+1, again.Cache, again.Claims[0].Status)
			}
			damage()
			rf, err := New(Config{Root: root, Work: work, Force: true})
			if err != nil {
				t.Fatal(err)
			}
			if forced := runOnce(t, rf, cacheChapter); rf.builds.Load() != 1 || forced.Claims[0].Status != "pass" {
				t.Errorf("under Force after damage: %d builds, claim %s", rf.builds.Load(), forced.Claims[0].Status)
			}
		})
	}
}
