package site

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"

	"github.com/tally-book/tally/runner"
)

// RerunRequest is what a page's parameter panel asks the server for:
// the body of POST /__tally/rerun.
type RerunRequest struct {
	Chapter string            `json:"chapter"`        // the chapter's slug, e.g. "05-gradient-descent"
	Params  map[string]string `json:"params"`         // overrides, written as for tally run -set
	Lang    string            `json:"lang,omitempty"` // the translation whose page asks, or "" for the chapter's own
}

// ErrBadRerun marks a re-run request that the book cannot run: a chapter,
// translation or parameter it does not have, or a value that is not one.
// The server answers 400 and runs nothing.
var ErrBadRerun = errors.New("bad re-run request")

// maxRerunBody is the largest body of a re-run request.
const maxRerunBody = 64 << 10

// rerunner runs the re-runs of a server one at a time, the latest first:
// a new request stops the run in progress, which is answered 409.
type rerunner struct {
	run func(ctx context.Context, req RerunRequest) (*runner.RerunResult, error)

	mu     sync.Mutex // guards latest and cancel
	latest int
	cancel context.CancelFunc

	running sync.Mutex // held during a run
}

// errSuperseded answers a request whose run a later one replaced.
var errSuperseded = errors.New("a later run replaced this one")

func (rr *rerunner) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		rerunError(w, http.StatusMethodNotAllowed, "POST only")
		return
	}
	if !sameOrigin(r) {
		rerunError(w, http.StatusForbidden, "re-runs are taken from the server's own pages only")
		return
	}
	var req RerunRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRerunBody))
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			rerunError(w, http.StatusRequestEntityTooLarge, "request body over 64 KiB")
			return
		}
		rerunError(w, http.StatusBadRequest, "request body: "+err.Error())
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		rerunError(w, http.StatusBadRequest, "request body: more than one JSON object")
		return
	}

	// The latest request wins: stop the run in progress, then wait for it.
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	rr.mu.Lock()
	if rr.cancel != nil {
		rr.cancel()
	}
	rr.latest++
	me := rr.latest
	rr.cancel = cancel
	rr.mu.Unlock()
	superseded := func() bool {
		rr.mu.Lock()
		defer rr.mu.Unlock()
		return rr.latest != me
	}

	rr.running.Lock()
	var res *runner.RerunResult
	var err error
	if superseded() {
		err = errSuperseded
	} else {
		res, err = rr.run(ctx, req)
		if superseded() {
			err = errSuperseded
		}
	}
	rr.running.Unlock()
	switch {
	case errors.Is(err, errSuperseded):
		rerunError(w, http.StatusConflict, err.Error())
	case errors.Is(err, ErrBadRerun):
		rerunError(w, http.StatusBadRequest, err.Error())
	case err != nil:
		rerunError(w, http.StatusInternalServerError, err.Error())
	case r.Context().Err() != nil:
		// The page went away; nobody reads the answer.
	default:
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(res) // a write to the page; it may have gone
	}
}

// sameOrigin reports whether a request comes from a page of this server
// on the loopback interface: the browser says so in Sec-Fetch-Site or
// Origin (a request without either is refused), and the Host is a
// loopback address, so that a page elsewhere cannot reach the server
// through a name that resolves to 127.0.0.1.
func sameOrigin(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return false
	}
	if s := r.Header.Get("Sec-Fetch-Site"); s != "" && s != "same-origin" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return r.Header.Get("Sec-Fetch-Site") == "same-origin"
	}
	return origin == "http://"+r.Host
}

func rerunError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(struct { // a write to the page; it may have gone
		Error string `json:"error"`
	}{msg})
}
