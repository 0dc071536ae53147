package site

import (
	"fmt"
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// pageLinks is the links feature of a page. It renders links: a link to a
// chapter's Markdown file (02-entropy.md#softmax) goes to its page
// (02-entropy.html#softmax), as in mdBook, so that links work both on
// GitHub and in the site. It writes the images of the prose that are not
// figures, for the figure renderer (which has every image node), and
// keeps the local ones it copies into the site.
type pageLinks struct {
	p     *page
	media []media // images of the prose, copied into the site
}

func (r *pageLinks) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, r.render)
}

func (r *pageLinks) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	l := n.(*ast.Link)
	if !entering {
		w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	dest := r.chapterLink(string(l.Destination))
	fmt.Fprintf(w, `<a href="%s"`, html.EscapeString(string(util.URLEscape([]byte(dest), true))))
	if len(l.Title) > 0 {
		fmt.Fprintf(w, ` title="%s"`, html.EscapeString(string(l.Title)))
	}
	w.WriteString(">")
	return ast.WalkContinue, nil
}

// chapterLink maps a relative link to a chapter's file (02-entropy.md,
// or a page bundle's ../my-post/index.md) onto its page in the edition of
// the page.
func (r *pageLinks) chapterLink(dest string) string {
	p := r.p
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasSuffix(u.Path, ".md") {
		return dest
	}
	if j := p.b.pageIndex(chapter.SlugOf(u.Path)); j >= 0 { // my-post/index.md is my-post
		out := relURL(p.file(), p.b.pages[j].file())
		if u.Fragment != "" {
			out += "#" + u.Fragment
		}
		return out
	}
	return dest
}

// mediaRE is what each element of a local image path must look like.
var mediaRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// media is an image of the prose, copied into the site.
type media struct {
	rel  string // site path
	data []byte
}

// writeImage writes an image of the prose that is not a figure. A local
// image, next to the chapter, is copied into the site under
// media/SLUG/; a remote one becomes a link, since the site makes no
// request outside itself.
func (r *pageLinks) writeImage(w util.BufWriter, img *ast.Image, alt string) {
	p := r.p
	dest := string(img.Destination)
	title := ""
	if len(img.Title) > 0 {
		title = fmt.Sprintf(` title="%s"`, html.EscapeString(string(img.Title)))
	}
	u, err := url.Parse(dest)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https" || u.Host != "") {
		label := alt
		if label == "" {
			label = dest
		}
		fmt.Fprintf(w, `<a class="external-image" href="%s"%s>%s <span class="muted">%s</span></a>`,
			html.EscapeString(dest), title, html.EscapeString(label), html.EscapeString(p.msg().F("image.remote", u.Host)))
		return
	}
	if err != nil || u.Scheme != "" {
		fmt.Fprintf(w, `<img src="%s" alt="%s"%s>`, html.EscapeString(dest), html.EscapeString(alt), title)
		return
	}
	rel, ok := r.copyMedia(u.Path, nodeLine(p.ch, img))
	if !ok {
		fmt.Fprintf(w, `<span class="figure-missing">image %s is missing</span>`, html.EscapeString(dest))
		return
	}
	fmt.Fprintf(w, `<img src="%s" alt="%s"%s>`, html.EscapeString(p.b.url(p, rel)), html.EscapeString(alt), title)
}

// copyMedia reads a local image next to the chapter and returns its site
// path. A symbolic link is followed only while it stays in the chapter's
// folder: an image that links elsewhere is an error, never copied.
func (r *pageLinks) copyMedia(name string, line int) (string, bool) {
	p := r.p
	clean := path.Clean(name)
	for _, el := range strings.Split(clean, "/") {
		if !mediaRE.MatchString(el) || el == ".." {
			if !p.summary {
				p.errorf(line, "image %q: want a path inside the chapter's folder, of letters, digits, '.', '-' and '_'", name)
			}
			return "", false
		}
	}
	rel := "media/" + p.code.Slug + "/" + clean
	if p.tr != nil { // next to the translation, which may have images of its own
		rel = p.b.dir + rel
	}
	for _, m := range r.media {
		if m.rel == rel {
			return rel, true
		}
	}
	data, err := readInside(filepath.Dir(p.ch.Path), clean)
	if err != nil {
		if !p.summary {
			p.errorf(line, "image %q: %v", name, err)
		}
		return "", false
	}
	r.media = append(r.media, media{rel: rel, data: data})
	return rel, true
}

// readInside reads the file at slash-separated path name under dir,
// following symbolic links only while they stay under dir.
func readInside(dir, name string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close() //nolint:errcheck // only read through: its Close cannot lose data
	data, err := root.ReadFile(filepath.FromSlash(name))
	if err != nil && strings.Contains(err.Error(), "escapes") {
		return nil, fmt.Errorf("%s is a link to a file outside the chapter's folder; copy the file in instead", name)
	}
	return data, err
}
