package site

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestListenAddr(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "127.0.0.1:8000"},
		{":3000", "127.0.0.1:3000"},
		{"localhost:0", "localhost:0"},
		{"0.0.0.0:8080", "0.0.0.0:8080"}, // asked for
	} {
		got, err := listenAddr(c.in)
		if err != nil || got != c.want {
			t.Errorf("listenAddr(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := listenAddr("nonsense"); err == nil {
		t.Error("listenAddr(nonsense): no error")
	}
}

// TestServe serves a folder, changes a watched file and waits for the
// rebuild and the reload event.
func TestServe(t *testing.T) {
	tmp := t.TempDir()
	dir, src := filepath.Join(tmp, "_site"), filepath.Join(tmp, "chapters")
	for _, d := range []string{dir, src} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "index.html"), "<html><body><p>one</p></body></html>")
	write(filepath.Join(dir, "style.css"), "p{}")
	write(filepath.Join(src, "01-a.md"), "# A\n")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	rebuilt := make(chan []string, 4)
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, ServeOptions{
			Dir: dir, Addr: "127.0.0.1:0", Watch: []string{src}, Debounce: 50 * time.Millisecond,
			Ready: func(u string) { ready <- u },
			Rebuild: func(ctx context.Context, changed []string) error {
				write(filepath.Join(dir, "index.html"), "<html><body><p>two</p></body></html>")
				rebuilt <- changed
				return nil
			},
		})
	}()
	var url string
	select {
	case url = <-ready:
	case err := <-served:
		t.Fatalf("Serve: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not start")
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("url %s: not on the loopback interface", url)
	}
	get := func(p string) string {
		t.Helper()
		resp, err := http.Get(url + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s", p, resp.Status)
		}
		return string(b)
	}
	if page := get(""); !strings.Contains(page, "<p>one</p>") || !strings.Contains(page, `<script src="/__tally/reload.js" data-gen="0"></script></body>`) {
		t.Errorf("index: %s", page)
	}
	if css := get("style.css"); css != "p{}" {
		t.Errorf("style.css: %q", css)
	}
	if js := get("__tally/reload.js"); !strings.Contains(js, "EventSource") {
		t.Errorf("reload.js: %q", js)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); strings.Contains(string(b), "reload.js") {
		t.Error("the script was written into the site")
	}

	resp, err := http.Get(url + "__tally/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 8)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- d
			}
		}
	}()
	wait := func(what string) string {
		t.Helper()
		select {
		case e := <-events:
			return e
		case <-time.After(5 * time.Second):
			t.Fatalf("no event: %s", what)
		}
		return ""
	}
	if e := wait("the first state"); e != `{"gen":0,"problems":""}` {
		t.Errorf("first state %s", e)
	}
	write(filepath.Join(src, "01-a.md"), "# A, changed\n")
	write(filepath.Join(src, ".01-a.md.swp"), "editor noise")
	select {
	case changed := <-rebuilt:
		if len(changed) != 1 || filepath.Base(changed[0]) != "01-a.md" {
			t.Errorf("changed %v, want [.../01-a.md]", changed)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no rebuild")
	}
	if e := wait("the reload"); e != `{"gen":1,"problems":""}` {
		t.Errorf("after the rebuild: %s", e)
	}
	if page := get("index.html"); !strings.Contains(page, "<p>two</p>") || !strings.Contains(page, `data-gen="1"`) {
		t.Errorf("rebuilt index: %s", page)
	}
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not stop")
	}
}

// TestServeLinks serves a site holding symbolic links: one to a file in
// the site is served, ones to files outside it (a text file, a page) are
// not, and a path with a NUL byte is a bad request.
func TestServeLinks(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "_site")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const secret = "outside the site"
	for name, data := range map[string]string{
		filepath.Join(dir, "index.html"): "<html><body>home</body></html>",
		filepath.Join(dir, "ok.txt"):     "inside",
		filepath.Join(tmp, "secret.txt"): secret,
		filepath.Join(tmp, "page.html"):  "<html><body>" + secret + "</body></html>",
	} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, to := range map[string]string{
		"inside.txt": "ok.txt",
		"leak.txt":   filepath.Join(tmp, "secret.txt"),
		"up.txt":     "../secret.txt",
		"leak.html":  "../page.html",
		"outer":      tmp,
	} {
		if err := os.Symlink(to, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	s := &server{dir: dir}
	for _, c := range []struct {
		path string
		code int
		body string
	}{
		{"/inside.txt", 200, "inside"},
		{"/leak.txt", 404, ""},
		{"/up.txt", 404, ""},
		{"/leak.html", 404, ""},
		{"/outer/secret.txt", 404, ""},
		{"/%00", 400, ""},
		{"/a%00b.html", 400, ""},
	} {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", c.path, nil))
		body := w.Body.String()
		if w.Code != c.code || strings.Contains(body, secret) || !strings.Contains(body, c.body) {
			t.Errorf("GET %s: %d %q, want %d", c.path, w.Code, body, c.code)
		}
	}
}
