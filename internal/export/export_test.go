package export

import (
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tally-book/tally/internal/testkit"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"golang.org/x/tools/txtar"
)

// exportBook runs the book in dir and exports it as tally export does,
// failing the test on any problem.
func exportBook(t *testing.T, format, dir, out string) {
	t.Helper()
	e, err := New(Options{Format: format, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	b, err := chapter.LoadBook(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := runner.New(runner.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res := r.RunBook(t.Context(), b)
	e.Index(b, res.Chapters)
	var files []File
	for _, ch := range res.Chapters {
		for _, p := range ch.Problems() {
			t.Error(p)
		}
		plan, err := e.Plan(b.Dir, ch)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, plan...)
	}
	if t.Failed() {
		t.FailNow()
	}
	if err := Check(files); err != nil {
		t.Fatal(err)
	}
	if err := Write(files, io.Discard); err != nil {
		t.Fatal(err)
	}
}

// TestExport exports the book of each testdata/FORMAT[_CASE].txtar
// and compares every file written with its want/FILE (figures by name
// only). The book is the folder its "root" file names, or else the folder
// of its last file.
func TestExport(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		format, _, _ := strings.Cut(name, "_")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			in, site := t.TempDir(), t.TempDir()
			out := site // a Hugo site's posts
			if format == "jekyll" {
				out = filepath.Join(site, "_posts")
			}
			want := map[string]string{}
			bookDir, root := "", ""
			var kept []txtar.File
			for _, f := range ar.Files {
				if name, ok := strings.CutPrefix(f.Name, "want/"); ok {
					want[name] = string(f.Data)
					continue
				}
				kept = append(kept, f)
				if f.Name == "root" {
					root = strings.TrimSpace(string(f.Data))
					continue
				}
				p := filepath.Join(in, f.Name)
				bookDir = filepath.Dir(p)
				os.MkdirAll(bookDir, 0o755)
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if root != "" {
				bookDir = filepath.Join(in, root)
			}
			exportBook(t, format, bookDir, out)
			got := map[string]string{}
			filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(site, p)
				rel = filepath.ToSlash(rel)
				if strings.HasSuffix(rel, ".png") {
					got[rel] = "(figure)\n"
					return nil
				}
				b, err := os.ReadFile(p)
				got[rel] = string(b)
				return err
			})
			if testkit.Update() {
				names := make([]string, 0, len(got))
				for n := range got {
					names = append(names, n)
				}
				sort.Strings(names)
				for _, n := range names {
					kept = append(kept, txtar.File{Name: "want/" + n, Data: []byte(got[n])})
				}
				ar.Files = kept
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for n, w := range want {
				if got[n] != w {
					t.Errorf("%s:\n%s\nwant:\n%s", n, got[n], w)
				}
			}
			for n := range got {
				if _, ok := want[n]; !ok {
					t.Errorf("unexpected file %s", n)
				}
			}
			// The front matter of each post goes out byte for byte.
			for _, f := range kept {
				src := string(f.Data)
				if !strings.HasPrefix(src, "---\n") && !strings.HasPrefix(src, "+++\n") {
					continue
				}
				fm := src[:strings.Index(src[3:], src[:3])+6]
				post := ""
				for n := range got {
					if strings.HasSuffix(n, ".md") && chapter.SlugOf(n) == chapter.SlugOf(f.Name) {
						post = n
					}
				}
				if post == "" {
					t.Errorf("no post of %s", f.Name)
				} else if !strings.HasPrefix(got[post], fm) {
					t.Errorf("%s does not start with the front matter of %s", post, f.Name)
				}
			}
		})
	}
}

// TestExportPlanCollision checks that a figure named like a file of its
// page bundle is an error naming both, not a silent overwrite.
func TestExportPlanCollision(t *testing.T) {
	t.Parallel()
	in, out := t.TempDir(), t.TempDir()
	bundle := filepath.Join(in, "posts", "my-post")
	if err := os.MkdirAll(bundle, 0o755); err != nil {
		t.Fatal(err)
	}
	post := filepath.Join(bundle, "index.md")
	src := []byte("# Post\n\n![A banner](answer.png)\n")
	for name, data := range map[string][]byte{"index.md": src, "answer.png": []byte("png")} {
		if err := os.WriteFile(filepath.Join(bundle, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ch, err := chapter.Parse(filepath.ToSlash(post), src)
	if err != nil {
		t.Fatal(err)
	}
	res := &runner.ChapterResult{Chapter: ch, Figures: []runner.FigureResult{{Name: "answer", File: "answer.png", Path: "cache/answer.png"}}}
	for _, tt := range []struct {
		format string
		want   string // the error, "" for none
	}{
		{"hugo", filepath.Join(out, "posts", "my-post", "answer.png") + ": figure answer.png of " + filepath.ToSlash(post) + " and " + filepath.ToSlash(filepath.Join(bundle, "answer.png")) + " would both be written there; nothing exported"},
		{"jekyll", ""}, // a Jekyll post's figures go in a folder of their own
	} {
		e, err := New(Options{Format: tt.format, Out: out})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := e.Plan(in, res)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if err := Check(plan); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: Check = %q, want %q", tt.format, got, tt.want)
		}
	}
}

// TestExportOntoItself wants an export into the folder it reads refused,
// before anything is written over the posts.
func TestExportOntoItself(t *testing.T) {
	t.Parallel()
	posts := filepath.Join(t.TempDir(), "_posts")
	post := filepath.Join(posts, "2024-01-15-a.md")
	src := []byte("# A\n")
	ch, err := chapter.Parse(filepath.ToSlash(post), src)
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Options{Format: "jekyll", Out: posts})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Plan(posts, &runner.ChapterResult{Chapter: ch})
	if want := filepath.ToSlash(post) + ": the export would overwrite the post it reads; export into another folder (-out)"; err == nil || err.Error() != want {
		t.Errorf("Plan = %v, want %s", err, want)
	}
}
