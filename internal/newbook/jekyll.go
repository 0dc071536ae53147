package newbook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// JekyllExcludes are the entries of a Jekyll site's exclude: list that
// keep tally's files out of the site: the book's Go module (go.mod,
// go.sum, book_test.go, and *.go for any other Go file of the module, such
// as one tally generates), the runner's cache (_tally), a tally site built
// beside the blog (tally-site) and an export to review (checked). Jekyll
// adds its own defaults (Gemfile, node_modules, …) to the list.
var JekyllExcludes = []string{"go.mod", "go.sum", "book_test.go", "*.go", "_tally", "tally-site", "checked"}

// AddJekyllExcludes makes the _config.yml of the Jekyll site in dir keep
// tally's files out of the site. A config without an exclude: list gets
// one, appended, and added lists its entries. A config that has one is
// left as the author wrote it, and missing lists the entries it lacks, for
// the author to add. Without a _config.yml (not a Jekyll site), or with
// every entry listed, both are empty.
func AddJekyllExcludes(dir string) (added, missing []string, err error) {
	file := filepath.Join(dir, "_config.yml")
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var cfg struct {
		Exclude *[]string `yaml:"exclude"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", file, err)
	}
	if cfg.Exclude != nil {
		for _, e := range JekyllExcludes {
			if !slices.Contains(*cfg.Exclude, e) && !slices.Contains(*cfg.Exclude, e+"/") && !slices.Contains(*cfg.Exclude, "/"+e) {
				missing = append(missing, e)
			}
		}
		return nil, missing, nil
	}
	var b bytes.Buffer
	b.Write(data)
	if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
		b.WriteByte('\n')
	}
	b.WriteString("\n# tally's files (tally init -posts): the book's Go module, its cache, its site and exports\nexclude:\n")
	for _, e := range JekyllExcludes {
		fmt.Fprintf(&b, "  - %s\n", yamlString(e))
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		return nil, nil, err
	}
	return JekyllExcludes, nil, nil
}

// yamlString quotes s for a YAML list when it needs it (*.go).
func yamlString(s string) string {
	if strings.ContainsAny(s, "*&!|>'\"%@`#,[]{}:") {
		return `"` + s + `"`
	}
	return s
}
