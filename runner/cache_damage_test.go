package runner

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
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

// TestProgramDamaged checks the program that a chapter's gen folder keeps
// between runs: packed (prog-KEY.gz, no unpacked prog left), it runs again
// without a build. Then it damages the packed program (cut short, so that
// gzip fails; or one byte of the binary changed and packed again, so that
// only the SHA-256 in prog-KEY.key tells) and runs the chapter again, once
// after its cached run is removed and once under Config.Force: the
// program is built again each time, and the run gives the right results.
func TestProgramDamaged(t *testing.T) {
	root := moduleRoot(t)
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, packed []byte) []byte
	}{
		{"truncated", func(t *testing.T, b []byte) []byte { return b[:len(b)/2] }},
		{"byte_changed", func(t *testing.T, b []byte) []byte {
			bin := gunzip(t, b)
			bin[len(bin)/3] ^= 0xff
			return gzipped(t, bin)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			work := filepath.Join(root, "_tally", "test", "prog-damaged-"+tc.name)
			if err := os.RemoveAll(work); err != nil {
				t.Fatal(err)
			}
			gen := filepath.Join(work, "gen", "c")
			damage := func() {
				packed := packedIn(t, gen)
				writeFile(t, packed, tc.damage(t, readFile(t, packed)))
			}
			uncache := func() {
				if err := os.RemoveAll(filepath.Join(work, "cache")); err != nil {
					t.Fatal(err)
				}
			}
			r, err := New(Config{Root: root, Work: work})
			if err != nil {
				t.Fatal(err)
			}
			runOnce(t, r, cacheChapter)
			builds := r.builds.Load()
			if _, err := os.Stat(filepath.Join(gen, "prog"+exeSuffix)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("after the run, the unpacked program: %v, want it removed", err)
			}
			uncache()
			if packedRun := runOnce(t, r, cacheChapter); r.builds.Load() != builds || packedRun.Cache != "miss" || packedRun.Claims[0].Status != "pass" {
				t.Errorf("packed program: %d builds (want %d), cache %s, claim %s", r.builds.Load(), builds, packedRun.Cache, packedRun.Claims[0].Status)
			}
			damage()
			uncache()
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

// packedIn returns the one packed program of the gen folder dir.
func packedIn(t testing.TB, dir string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "prog-*.gz"))
	if err != nil || len(names) != 1 {
		t.Fatalf("packed programs in %s: %v, %v; want one", dir, names, err)
	}
	return names[0]
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
