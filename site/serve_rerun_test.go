package site

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner"
)

// fakeRerun stands for the runner: a parameter "nope" is unknown, and a
// request with block=yes runs until it is stopped, after saying it started.
func fakeRerun(started chan<- string) func(context.Context, RerunRequest) (*runner.RerunResult, error) {
	return func(ctx context.Context, req RerunRequest) (*runner.RerunResult, error) {
		if _, ok := req.Params["nope"]; ok {
			return nil, fmt.Errorf("%w: %s has no parameter nope", ErrBadRerun, req.Chapter)
		}
		if req.Params["block"] == "yes" {
			started <- req.Params["lr"]
			<-ctx.Done()
			return &runner.RerunResult{Chapter: req.Chapter, Error: "stopped"}, nil
		}
		return &runner.RerunResult{Chapter: req.Chapter, Params: req.Params, Summary: "under lr=" + req.Params["lr"]}, nil
	}
}

func rerunRequest(body string, header ...string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8000/__tally/rerun", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Origin", "http://127.0.0.1:8000")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			r.Header.Del(header[i])
		} else {
			r.Header.Set(header[i], header[i+1])
		}
	}
	return r
}

func TestRerunEndpoint(t *testing.T) {
	rr := &rerunner{run: fakeRerun(nil)}
	good := `{"chapter":"05-gradient-descent","params":{"lr":"0.5"}}`
	for _, tc := range []struct {
		name string
		req  *http.Request
		code int
		want string // in the body
	}{
		{"ok", rerunRequest(good), 200, `"summary":"under lr=0.5"`},
		{"origin header only", rerunRequest(good, "Sec-Fetch-Site", ""), 200, `"chapter":"05-gradient-descent"`},
		{"fetch header only", rerunRequest(good, "Origin", ""), 200, `"chapter":"05-gradient-descent"`},
		{"other origin", rerunRequest(good, "Origin", "http://evil.example", "Sec-Fetch-Site", ""), 403, "own pages"},
		{"cross-site", rerunRequest(good, "Sec-Fetch-Site", "cross-site"), 403, "own pages"},
		{"other port", rerunRequest(good, "Origin", "http://127.0.0.1:9999", "Sec-Fetch-Site", ""), 403, "own pages"},
		{"no origin at all", rerunRequest(good, "Origin", "", "Sec-Fetch-Site", ""), 403, "own pages"},
		{"rebound name", func() *http.Request {
			r := rerunRequest(good, "Origin", "http://evil.example:8000")
			r.Host = "evil.example:8000"
			return r
		}(), 403, "own pages"},
		{"oversize body", rerunRequest(`{"chapter":"` + strings.Repeat("x", maxRerunBody) + `"}`), 413, "64 KiB"},
		{"not JSON", rerunRequest(`lr=0.5`), 400, "request body"},
		{"trailing JSON", rerunRequest(good + `{"chapter":"other"}`), 400, "more than one JSON object"},
		{"trailing garbage", rerunRequest(good + ` x`), 400, "more than one JSON object"},
		{"trailing space", rerunRequest(good + " \n"), 200, `"chapter":"05-gradient-descent"`},
		{"unknown parameter", rerunRequest(`{"chapter":"05-gradient-descent","params":{"nope":"1"}}`), 400, "no parameter nope"},
		{"GET", func() *http.Request {
			r := rerunRequest("")
			r.Method = http.MethodGet
			return r
		}(), 405, "POST only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			rr.ServeHTTP(w, tc.req)
			if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.want) {
				t.Errorf("got %d %s, want %d with %q", w.Code, w.Body, tc.code, tc.want)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

// TestRerunLatestWins sends a run that blocks, then another: the first is
// stopped and answered 409, the second runs.
func TestRerunLatestWins(t *testing.T) {
	started := make(chan string, 2)
	rr := &rerunner{run: fakeRerun(started)}
	first := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		rr.ServeHTTP(first, rerunRequest(`{"chapter":"c","params":{"lr":"0.5","block":"yes"}}`))
		close(done)
	}()
	if lr := <-started; lr != "0.5" {
		t.Fatalf("first run started with lr=%s", lr)
	}
	second := httptest.NewRecorder()
	rr.ServeHTTP(second, rerunRequest(`{"chapter":"c","params":{"lr":"0.7"}}`))
	<-done
	if first.Code != http.StatusConflict || !strings.Contains(first.Body.String(), "later run") {
		t.Errorf("first: %d %s, want 409", first.Code, first.Body)
	}
	var res runner.RerunResult
	if err := json.Unmarshal(second.Body.Bytes(), &res); err != nil || second.Code != 200 || res.Params["lr"] != "0.7" {
		t.Errorf("second: %d %s (%v), want the run of lr=0.7", second.Code, second.Body, err)
	}
}

// TestServeRerunRoute checks that Serve routes the endpoint only when
// ServeOptions.Rerun is set.
func TestServeRerunRoute(t *testing.T) {
	for _, withRerun := range []bool{false, true} {
		s := &server{dir: t.TempDir()}
		if withRerun {
			s.rerun = &rerunner{run: fakeRerun(nil)}
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, rerunRequest(`{"chapter":"c","params":{"lr":"0.5"}}`))
		if want := map[bool]int{false: 404, true: 200}[withRerun]; w.Code != want {
			t.Errorf("with Rerun %v: %d, want %d", withRerun, w.Code, want)
		}
	}
}
