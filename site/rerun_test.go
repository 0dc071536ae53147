package site

import (
	"reflect"
	"testing"
	"time"

	"github.com/tally-book/tally/runner/chapter"
)

func TestNewRerunPanel(t *testing.T) {
	lo, hi := 0.001, 1.0
	params := []chapter.Param{
		{Name: "lr", Value: 0.1, Min: &lo, Max: &hi, Log: true},
		{Name: "steps", Value: 20, Step: 5},
		{Name: "shuffle", Value: true},
		{Name: "opt", Value: "sgd", Choices: []any{"sgd", "adam"}},
	}
	want := []panelParam{
		{Name: "lr", ID: "t_param_lr", Kind: "float", Value: "0.1", Min: "0.001", Max: "1", Log: true},
		{Name: "steps", ID: "t_param_steps", Kind: "int", Value: "20", Step: "5"},
		{Name: "shuffle", ID: "t_param_shuffle", Kind: "bool", Value: "true", Choices: []string{"false", "true"}},
		{Name: "opt", ID: "t_param_opt", Kind: "string", Value: "sgd", Choices: []string{"sgd", "adam"}},
	}
	prog := &Wasm{Sum: "0123456789abcdef0123", Chapters: map[string]bool{"sgd": true}}
	ch := func(m chapter.Meta) *chapter.Chapter { return &chapter.Chapter{Slug: "sgd", Meta: m} }
	for _, tc := range []struct {
		name string
		code *chapter.Chapter
		tr   *chapter.Translation
		opts Options
		want *rerunPanel // Params are want's when not nil
	}{
		{"no parameters", ch(chapter.Meta{}), nil, Options{Wasm: prog}, nil},
		{"served only, without a program", ch(chapter.Meta{Params: params}), nil, Options{},
			&rerunPanel{Chapter: "sgd", Mode: "wasm"}},
		{"in the browser, the site's time limit", ch(chapter.Meta{Params: params, Data: []string{"mnist/train.gz"}}), nil,
			Options{Wasm: prog, Timeout: 90 * time.Second},
			&rerunPanel{Chapter: "sgd", Mode: "wasm", Timeout: "90", Program: "wasm/book-0123456789abcdef", Data: "data/mnist/train.gz"}},
		{"the chapter's time limit, a translation", ch(chapter.Meta{Params: params, Timeout: chapter.Duration(1500 * time.Millisecond)}),
			&chapter.Translation{Lang: "ko"}, Options{Wasm: prog},
			&rerunPanel{Chapter: "sgd", Lang: "ko", Mode: "wasm", Timeout: "1.5", Program: "wasm/book-0123456789abcdef"}},
		{"serve-only", ch(chapter.Meta{Params: params, Rerun: chapter.RerunServeOnly}), nil, Options{Wasm: prog},
			&rerunPanel{Chapter: "sgd", Mode: chapter.RerunServeOnly}},
		{"a chapter the program does not run", &chapter.Chapter{Slug: "other", Meta: chapter.Meta{Params: params}}, nil, Options{Wasm: prog},
			&rerunPanel{Chapter: "other", Mode: "wasm"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := newRerunPanel(tc.code, tc.tr, &tc.opts)
			if tc.want != nil {
				tc.want.Params = want
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("newRerunPanel =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}
