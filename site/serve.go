package site

import (
	"bytes"
	"context"
	_ "embed" // the live-reload script
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/tally-book/tally/runner"
)

// ServeOptions configures Serve.
type ServeOptions struct {
	Dir      string                                            // folder to serve; it may be replaced between requests
	Addr     string                                            // host:port; "127.0.0.1:8000" when empty, and ":port" means 127.0.0.1:port
	Watch    []string                                          // files and folders (not recursive) whose changes call Rebuild
	Ignore   func(path string) bool                            // changes to skip, besides Dir and hidden and backup files
	Rebuild  func(ctx context.Context, changed []string) error // rebuilds the site into Dir; an error is shown over the open page
	Ready    func(url string)                                  // called once the server listens
	Logf     func(format string, args ...any)                  // progress messages; nil for none
	Debounce time.Duration                                     // quiet time after a change before rebuilding; DefaultDebounce when zero
	// Rerun runs a chapter with a page's parameters for POST
	// /__tally/rerun (see Preview in the package doc); nil for none. An
	// error that wraps ErrBadRerun is the request's fault.
	Rerun func(ctx context.Context, req RerunRequest) (*runner.RerunResult, error)
}

// DefaultDebounce is the quiet time after a change before Serve rebuilds.
// An editor saves a file in one write, or a write and a rename a few
// microseconds apart, so a short wait joins the events of one save
// without making the writer wait; changes that come during a rebuild
// start another one after it.
const DefaultDebounce = 20 * time.Millisecond

//go:embed serve/reload.js
var reloadJS []byte

// Serve serves the site in o.Dir over HTTP, on the loopback interface
// unless o.Addr names another, until ctx ends. It watches o.Watch with
// fsnotify, calls o.Rebuild after each burst of changes, and tells the open
// pages (through server-sent events on /__tally/events, from a script it
// injects into every HTML page it serves) to reload, or to show the
// problems of a failed build. Files are served through an os.Root: a
// symbolic link in the site that leads out of it is not followed (404),
// and a path with a NUL byte is a bad request (400).
func Serve(ctx context.Context, o ServeOptions) error {
	if o.Dir == "" {
		return errors.New("site: Serve needs a folder")
	}
	if o.Debounce <= 0 {
		o.Debounce = DefaultDebounce
	}
	addr, err := listenAddr(o.Addr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s := &server{o: o, done: make(chan struct{}), clients: map[chan struct{}]bool{}}
	if o.Rerun != nil {
		s.rerun = &rerunner{run: o.Rerun}
	}
	s.dir, _ = filepath.Abs(o.Dir)
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()

	var w *fsnotify.Watcher
	if len(o.Watch) > 0 && o.Rebuild != nil {
		if w, err = s.watcher(); err != nil {
			_ = ln.Close() // err is what went wrong
			return err
		}
		defer w.Close() //nolint:errcheck // serving is over; a watcher's Close has nothing left to report
		go func() { errc <- s.watch(ctx, w) }()
	}
	url := "http://" + ln.Addr().String() + "/"
	s.logf("serving %s on %s", o.Dir, url)
	if o.Ready != nil {
		o.Ready(url)
	}
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	close(s.done)
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if e := srv.Shutdown(sctx); err == nil && e != nil {
		err = e
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// listenAddr puts a missing host on the loopback interface.
func listenAddr(addr string) (string, error) {
	if addr == "" {
		return "127.0.0.1:8000", nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("site: address %q: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// server serves the site and tells the pages about builds.
type server struct {
	o     ServeOptions
	dir   string
	done  chan struct{}
	rerun *rerunner // nil without ServeOptions.Rerun

	mu       sync.Mutex
	gen      int    // builds so far
	problems string // of the last build, "" when it succeeded
	clients  map[chan struct{}]bool
}

func (s *server) logf(format string, args ...any) {
	if s.o.Logf != nil {
		s.o.Logf(format, args...)
	}
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case "/__tally/events":
		s.events(w, r)
		return
	case "/__tally/rerun":
		if s.rerun == nil {
			http.NotFound(w, r)
			return
		}
		s.rerun.ServeHTTP(w, r)
		return
	case "/__tally/reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(reloadJS) // a client that went away is not the server's error
		return
	}
	if strings.ContainsRune(r.URL.Path, 0) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "."
	}
	// Through an os.Root: a symbolic link in the site that leads out of it
	// is not followed.
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		http.Error(w, "no site yet", http.StatusServiceUnavailable)
		return
	}
	defer root.Close() //nolint:errcheck // only read through: its Close cannot lose data
	fsys := root.FS()
	if st, err := fs.Stat(fsys, name); err == nil && st.IsDir() {
		name = path.Join(name, "index.html")
	}
	if !strings.HasSuffix(name, ".html") {
		if _, err := fs.Stat(fsys, name); err != nil {
			http.NotFound(w, r) // missing, or a link out of the site
			return
		}
		http.FileServerFS(fsys).ServeHTTP(w, r)
		return
	}
	page, err := fs.ReadFile(fsys, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	tag := []byte(`<script src="/__tally/reload.js" data-gen="` + strconv.Itoa(gen) + `"></script>`)
	if i := bytes.LastIndex(page, []byte("</body>")); i >= 0 {
		page = append(page[:i:i], append(tag, page[i:]...)...)
	} else {
		page = append(page, tag...)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(page) // a client that went away is not the server's error
}

// events streams the build state to a page: at once, then after every
// build.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.clients[ch] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, ch)
		s.mu.Unlock()
	}()
	for {
		s.mu.Lock()
		state, _ := json.Marshal(struct {
			Gen      int    `json:"gen"`
			Problems string `json:"problems"`
		}{s.gen, s.problems})
		s.mu.Unlock()
		if _, err := fmt.Fprintf(w, "event: state\ndata: %s\n\n", state); err != nil {
			return
		}
		fl.Flush()
		select {
		case <-ch:
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}

// built records the outcome of a build and tells every page.
func (s *server) built(err error) {
	s.mu.Lock()
	s.gen++
	s.problems = ""
	if err != nil {
		s.problems = err.Error()
	}
	for ch := range s.clients {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	s.mu.Unlock()
}

// watcher watches the folders of o.Watch; a file is watched through its
// folder, since editors often replace files rather than write them.
func (s *server) watcher() (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, p := range s.o.Watch {
		dir := p
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			dir = filepath.Dir(p)
		}
		if seen[dir] {
			continue
		}
		seen[dir] = true
		if err := w.Add(dir); err != nil {
			_ = w.Close() // the error is the failed Add
			return nil, fmt.Errorf("site: watching %s: %w", dir, err)
		}
	}
	return w, nil
}

// watch rebuilds after each burst of relevant changes.
func (s *server) watch(ctx context.Context, w *fsnotify.Watcher) error {
	files := map[string]bool{}
	for _, p := range s.o.Watch {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			abs, _ := filepath.Abs(p)
			files[abs] = true
		}
	}
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			s.logf("watch: %v", err)
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod || s.skip(ev.Name, files) {
				continue
			}
			pending[ev.Name] = true
			timer.Reset(s.o.Debounce)
		case <-timer.C:
			changed := make([]string, 0, len(pending))
			for p := range pending {
				changed = append(changed, p)
			}
			sort.Strings(changed)
			clear(pending)
			s.logf("changed: %s; rebuilding", strings.Join(changed, ", "))
			err := s.o.Rebuild(ctx, changed)
			if err != nil {
				s.logf("build: %v", err)
			}
			s.built(err)
		}
	}
}

// skip reports whether a change is not worth a rebuild: the site itself,
// hidden and backup files, files next to watched files, and o.Ignore.
func (s *server) skip(name string, files map[string]bool) bool {
	abs, err := filepath.Abs(name)
	if err != nil {
		return true
	}
	if rel, err := filepath.Rel(s.dir, abs); err == nil && filepath.IsLocal(rel) || abs == s.dir {
		return true
	}
	base := filepath.Base(abs)
	if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "#") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") {
		return true
	}
	if len(files) > 0 && !files[abs] && !s.watchedDir(filepath.Dir(abs)) {
		return true
	}
	return s.o.Ignore != nil && s.o.Ignore(abs)
}

// watchedDir reports whether dir was given as a folder to watch.
func (s *server) watchedDir(dir string) bool {
	for _, p := range s.o.Watch {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			if abs, _ := filepath.Abs(p); abs == dir {
				return true
			}
		}
	}
	return false
}
