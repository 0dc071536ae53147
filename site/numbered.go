package site

import (
	"html"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Numbered sections. With the book's numbered: true (chapter.Settings,
// Options.Numbered), each heading of levels 2 and 3 below a chapter's
// title starts with its number in the book, "2.3 Gradient descent", and
// so does its entry in the page's table of contents. The numbers are the
// ones references to sections print ([](#sec:ID), numberLabels); a
// heading's {#sec:NAME} label names it for them (chapter.Parse).

// sectionNumber is the number that starts a numbered heading.
type sectionNumber struct {
	ast.BaseInline
	num string
}

// KindSectionNumber is the node kind of a heading's number.
var KindSectionNumber = ast.NewNodeKind("SectionNumber")

func (n *sectionNumber) Kind() ast.NodeKind { return KindSectionNumber }

func (n *sectionNumber) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"num": n.num}, nil)
}

// walkSections calls f for each numbered heading of doc (levels 2 and 3,
// below the title), with its number after the chapter's number ch:
// "3.2", "3.2.1".
func walkSections(doc ast.Node, ch string, f func(h *ast.Heading, num string)) {
	var sec, sub int
	_ = ast.Walk(doc, func(nd ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := nd.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		switch h.Level {
		case 1:
		case 2:
			sec, sub = sec+1, 0
			f(h, ch+"."+strconv.Itoa(sec))
		case 3:
			sub++
			f(h, ch+"."+strconv.Itoa(sec)+"."+strconv.Itoa(sub))
		}
		return ast.WalkSkipChildren, nil
	})
}

// sectionNumbers is the numbering of a page: its chapter's place in the
// book, which its figures' numbers start with too, and whether the book
// numbers its sections.
type sectionNumbers struct {
	chapter string // from 1; "" until the page has a place
	on      bool   // the book is numbered
}

// numberPages gives each page of an edition its place in the book.
func numberPages(pages []*page, numbered bool) {
	for i, p := range pages {
		p.num = sectionNumbers{chapter: strconv.Itoa(i + 1), on: numbered}
	}
}

// apply starts each numbered heading of a page's tree doc with its
// number, and gives its table of contents toc the numbers, when the book
// is numbered.
func (sn sectionNumbers) apply(doc ast.Node, toc []tocEntry) {
	if !sn.on {
		return
	}
	nums := map[string]string{}
	walkSections(doc, sn.chapter, func(h *ast.Heading, num string) {
		n := &sectionNumber{num: num}
		if first := h.FirstChild(); first != nil {
			h.InsertBefore(h, first, n)
		} else {
			h.AppendChild(h, n)
		}
		nums[headingID(h)] = num
	})
	for i := range toc {
		toc[i].Num = nums[toc[i].ID]
	}
}

// sectionNumberRenderer renders a heading's number.
type sectionNumberRenderer struct{}

func (sectionNumberRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindSectionNumber, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<span class="secnum">` + html.EscapeString(n.(*sectionNumber).num) + `</span> `)
		}
		return ast.WalkContinue, nil
	})
}
