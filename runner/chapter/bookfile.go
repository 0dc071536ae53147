package chapter

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/module"
	"gopkg.in/yaml.v3"
)

// BookFile is the name of the book file in a book's folder (chapters/):
// the book's title, description, language, editions, implicit imports and
// the site's words in more languages (see "Book file" in the package
// documentation).
const BookFile = "book.yaml"

// Settings are what a book says about itself: from its book file, or for
// a blog without one, from the blog's configuration (Jekyll's _config.yml,
// Hugo's hugo.toml and the like).
type Settings struct {
	File        string                       // the file the settings came from, as messages name it; "" for none
	Title       string                       // the book's title; the folder's name when nothing gives one
	Description string                       // a sentence about the book, for its index page
	Language    string                       // BCP 47 code of the original's language; "en" when nothing gives one
	Editions    []Edition                    // how the editions (the original's and the translations') are named, by code
	Imports     map[string]string            // package name → import path, resolved for snippets that use it without importing it
	Words       map[string]map[string]string // language code → the site's word key → text, over the built-in words
	Numbered    bool                         // the site numbers the sections of its pages and their tables of contents ("2.3 Gradient descent")
	lines       map[string]int               // line of each key of File, by dotted path ("words.fr.search")
}

// Edition names one edition of the book in its language.
type Edition struct {
	Code        string // BCP 47 code, the name of the translations' folder, e.g. "ko"
	Name        string // the language's name in itself, for the language switcher
	Title       string // the book's title in that language
	Description string // the book's description in that language
}

// line returns the line of a key of the settings' file, such as
// "words.fr.search" or "title", or 0 when the key is not there.
func (s *Settings) line(key string) int { return s.lines[key] }

// Pos returns the position of a key of the settings' file, for messages.
func (s *Settings) Pos(key string) Pos { return Pos{File: s.File, Line: s.line(key)} }

// loadSettings reads the settings of the book in dir: its book file, over
// the configuration of the blog dir belongs to (found in dir or a folder
// above it, up to the root of the module or repository). Without either,
// the title is the name of that root folder.
func loadSettings(dir string) (*Settings, error) {
	s := &Settings{Language: "en", lines: map[string]int{}}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	root := abs
	blog := false
	for d := abs; ; d = filepath.Dir(d) {
		if !blog {
			ok, err := s.readBlogConfig(dir, abs, d)
			if err != nil {
				return nil, err
			}
			blog = ok
		}
		if exists(filepath.Join(d, "go.mod")) || exists(filepath.Join(d, ".git")) {
			root = d
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if s.Title == "" {
		s.Title = filepath.Base(root)
	}
	file := filepath.Join(dir, BookFile)
	src, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	s.File = filepath.ToSlash(file)
	if err := s.parse(src); err != nil {
		return nil, err
	}
	return s, nil
}

// readBlogConfig reads the title, description and language of the Jekyll
// or Hugo configuration in folder d, if it has one, and reports whether it
// had one. dir is the book's folder as given and abs its absolute path,
// for messages.
func (s *Settings) readBlogConfig(dir, abs, d string) (bool, error) {
	name := func(file string) string {
		if r, err := filepath.Rel(abs, file); err == nil {
			return filepath.ToSlash(filepath.Join(dir, r))
		}
		return file
	}
	if src, err := os.ReadFile(filepath.Join(d, "_config.yml")); err == nil {
		var c struct {
			Title       string `yaml:"title"`
			Description string `yaml:"description"`
			Lang        string `yaml:"lang"`
		}
		if err := yaml.Unmarshal(src, &c); err != nil {
			return false, fmt.Errorf("%s: %v", name(filepath.Join(d, "_config.yml")), err)
		}
		s.set(c.Title, c.Description, c.Lang)
		return true, nil
	}
	for _, cfg := range hugoConfigs {
		file := filepath.Join(d, filepath.FromSlash(cfg))
		src, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		var c struct {
			Title                  string `toml:"title" yaml:"title" json:"title"`
			LanguageCode           string `toml:"languageCode" yaml:"languageCode" json:"languageCode"`
			DefaultContentLanguage string `toml:"defaultContentLanguage" yaml:"defaultContentLanguage" json:"defaultContentLanguage"`
			Params                 struct {
				Description string `toml:"description" yaml:"description" json:"description"`
			} `toml:"params" yaml:"params" json:"params"`
		}
		if err := decodeHugoConfig(file, src, &c); err != nil {
			if strings.HasPrefix(filepath.Base(cfg), "config.") {
				continue // config.* may be another tool's
			}
			return false, fmt.Errorf("%s: %v", name(file), err)
		}
		lang := c.LanguageCode
		if lang == "" {
			lang = c.DefaultContentLanguage
		}
		s.set(c.Title, c.Params.Description, lang)
		return true, nil
	}
	return false, nil
}

func (s *Settings) set(title, desc, lang string) {
	s.Title, s.Description = strings.TrimSpace(title), strings.TrimSpace(desc)
	if lang = strings.TrimSpace(lang); lang != "" {
		s.Language = lang
	}
}

// parse reads a book file over the settings. Every key must be known;
// a wrong one is an error at its line.
func (s *Settings) parse(src []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return fmt.Errorf("%s: %v", s.File, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil // an empty file
	}
	var errs ErrorList
	at := func(n *yaml.Node) Pos { return Pos{File: s.File, Line: n.Line} }
	str := func(key string, n *yaml.Node, dst *string) {
		s.lines[key] = n.Line
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			errs.Add(at(n), "%s: want a string", key)
			return
		}
		*dst = strings.TrimSpace(n.Value)
	}
	mapping := func(key string, n *yaml.Node, each func(k, v *yaml.Node)) {
		if n.Kind != yaml.MappingNode {
			errs.Add(at(n), "%s: want a mapping", key)
			return
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if seen[k.Value] {
				errs.Add(at(k), "%s%s: given twice", prefix(key), k.Value)
				continue
			}
			seen[k.Value] = true
			each(k, v)
		}
	}
	mapping("the book file", doc.Content[0], func(k, v *yaml.Node) {
		switch k.Value {
		case "title":
			str("title", v, &s.Title)
		case "description":
			str("description", v, &s.Description)
		case "language":
			str("language", v, &s.Language)
			if !isLangCode(s.Language) {
				errs.Add(at(v), "language: %q is not a language code such as en or pt-BR", s.Language)
			}
		case "editions":
			mapping("editions", v, func(code, ed *yaml.Node) {
				key := "editions." + code.Value
				s.lines[key] = code.Line
				if !isLangCode(code.Value) {
					errs.Add(at(code), "editions: %q is not a language code such as ko or pt-BR", code.Value)
				}
				e := Edition{Code: code.Value}
				mapping(key, ed, func(k, v *yaml.Node) {
					switch k.Value {
					case "name":
						str(key+".name", v, &e.Name)
					case "title":
						str(key+".title", v, &e.Title)
					case "description":
						str(key+".description", v, &e.Description)
					default:
						errs.Add(at(k), "%s: unknown key %s (want name, title or description)", key, k.Value)
					}
				})
				s.Editions = append(s.Editions, e)
			})
		case "imports":
			s.Imports = map[string]string{}
			mapping("imports", v, func(name, path *yaml.Node) {
				key := "imports." + name.Value
				var p string
				str(key, path, &p)
				if !token.IsIdentifier(name.Value) || name.Value == "_" {
					errs.Add(at(name), "imports: %q is not a package name", name.Value)
				} else if err := module.CheckImportPath(p); err != nil && p != "" {
					errs.Add(at(path), "%s: %v", key, err)
				}
				s.Imports[name.Value] = p
			})
		case "words":
			s.Words = map[string]map[string]string{}
			mapping("words", v, func(lang, words *yaml.Node) {
				if !isLangCode(lang.Value) {
					errs.Add(at(lang), "words: %q is not a language code such as fr or pt-BR", lang.Value)
				}
				m := map[string]string{}
				s.lines["words."+lang.Value] = lang.Line
				mapping("words."+lang.Value, words, func(k, v *yaml.Node) {
					var t string
					str("words."+lang.Value+"."+k.Value, v, &t)
					s.lines["words."+lang.Value+"."+k.Value] = k.Line
					m[k.Value] = t
				})
				s.Words[lang.Value] = m
			})
		case "numbered":
			if v.Kind != yaml.ScalarNode || v.Decode(&s.Numbered) != nil {
				errs.Add(at(v), "numbered: %q is not true or false", v.Value)
			}
		default:
			errs.Add(at(k), "unknown key %s (want title, description, language, editions, imports, numbered or words)", k.Value)
		}
	})
	sort.Slice(s.Editions, func(i, j int) bool { return s.Editions[i].Code < s.Editions[j].Code })
	if len(errs) > 0 {
		errs.Sort()
		return errs
	}
	return nil
}

func prefix(key string) string {
	if key == "the book file" {
		return ""
	}
	return key + "."
}

// isLangCode reports whether s looks like a BCP 47 language code: letters,
// digits and hyphens, starting with two or three letters.
func isLangCode(s string) bool {
	if len(s) < 2 || len(s) > 35 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i >= 2 && (r >= '0' && r <= '9' || r == '-' || r == '_'):
		default:
			return false
		}
	}
	return !bytes.ContainsAny([]byte(s[:2]), "-_")
}
