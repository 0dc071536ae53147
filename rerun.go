package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/tally-book/tally/site"
)

// reruns runs chapters for the parameter panels of tally serve's pages,
// through the same runner and cache as tally run -set: each set of
// overrides is a cache entry of its own.
type reruns struct {
	dir     string        // the book
	timeout time.Duration // limit of a run when the chapter's front matter sets none

	mu   sync.Mutex
	book *chapter.Book // parsed on first use, dropped after each rebuild
}

// changed drops the parsed book, after a rebuild.
func (rs *reruns) changed() {
	rs.mu.Lock()
	rs.book = nil
	rs.mu.Unlock()
}

func (rs *reruns) load() (*chapter.Book, error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.book == nil {
		b, err := chapter.LoadBook(rs.dir)
		if err != nil {
			return nil, err
		}
		rs.book = b
	}
	return rs.book, nil
}

// run runs a chapter with a page's overrides. A chapter, translation or
// parameter the book does not have, or a value that is not one, is
// site.ErrBadRerun and nothing runs; a run that fails (a panic, the time
// limit) is a result whose Error says where.
func (rs *reruns) run(ctx context.Context, req site.RerunRequest) (*runner.RerunResult, error) {
	b, err := rs.load()
	if err != nil {
		return nil, err
	}
	ch := b.Chapter(req.Chapter)
	if ch == nil || ch.Slug != req.Chapter {
		return nil, fmt.Errorf("%w: no chapter %q in %s", site.ErrBadRerun, req.Chapter, rs.dir)
	}
	names := make([]string, 0, len(req.Params))
	for n := range req.Params {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := param(ch, n)
		if p == nil {
			return nil, fmt.Errorf("%w: %s has no parameter %s", site.ErrBadRerun, ch.Path, n)
		}
		if _, err := p.Parse(req.Params[n]); err != nil {
			return nil, fmt.Errorf("%w: %s=%s: %v", site.ErrBadRerun, n, req.Params[n], err)
		}
	}
	var tr *chapter.Translation
	if req.Lang != "" {
		for _, t := range b.Translations {
			if t.Lang == req.Lang && t.Source == ch {
				tr = t
			}
		}
		if tr == nil {
			return nil, fmt.Errorf("%w: %s has no translation in %q", site.ErrBadRerun, ch.Path, req.Lang)
		}
	}
	r, err := runner.New(runner.Config{Timeout: rs.timeout, Set: req.Params})
	if err != nil {
		return nil, err
	}
	res := r.Run(ctx, b, ch)
	var trRes *runner.TranslationResult
	if tr != nil && len(res.Errors) == 0 {
		trRes = runner.CheckTranslation(tr, res)
	}
	out := runner.NewRerunResult(res, trRes)
	for i := range out.Figures {
		f := &out.Figures[i]
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return nil, fmt.Errorf("figure %s: %w", f.Name, err)
		}
		f.Src = "data:" + f.Type + ";base64," + base64.StdEncoding.EncodeToString(data)
	}
	return out, nil
}

// param returns the parameter of ch called name, or nil.
func param(ch *chapter.Chapter, name string) *chapter.Param {
	for i := range ch.Meta.Params {
		if ch.Meta.Params[i].Name == name {
			return &ch.Meta.Params[i]
		}
	}
	return nil
}
