package newbook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestAddJekyllExcludes wants a Jekyll config without exclude: to get
// tally's entries (and Jekyll to read them back), one with a list to be
// left alone with the missing entries named, and a folder without a
// config left alone.
func TestAddJekyllExcludes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	config := filepath.Join(dir, "_config.yml")
	os.WriteFile(config, []byte("title: A blog\nbaseurl: /blog"), 0o644)
	added, missing, err := AddJekyllExcludes(dir)
	if err != nil || len(added) != len(JekyllExcludes) || len(missing) > 0 {
		t.Fatalf("AddJekyllExcludes = %q, %q, %v", added, missing, err)
	}
	data, _ := os.ReadFile(config)
	var cfg struct {
		Title   string   `yaml:"title"`
		Exclude []string `yaml:"exclude"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil || cfg.Title != "A blog" || strings.Join(cfg.Exclude, " ") != "go.mod go.sum book_test.go *.go _tally tally-site checked" {
		t.Errorf("_config.yml reads back as %+v (%v):\n%s", cfg, err, data)
	}
	if added, missing, err := AddJekyllExcludes(dir); err != nil || len(added)+len(missing) > 0 {
		t.Errorf("again: %q, %q, %v", added, missing, err)
	}

	own := "exclude: [Gemfile, go.mod, /_tally, checked/]\n"
	os.WriteFile(config, []byte(own), 0o644)
	added, missing, err = AddJekyllExcludes(dir)
	if err != nil || len(added) > 0 || strings.Join(missing, " ") != "go.sum book_test.go *.go tally-site" {
		t.Errorf("with a list: %q, %q, %v", added, missing, err)
	}
	if data, _ := os.ReadFile(config); string(data) != own {
		t.Errorf("the author's list was rewritten:\n%s", data)
	}

	if added, missing, err := AddJekyllExcludes(t.TempDir()); err != nil || len(added)+len(missing) > 0 {
		t.Errorf("no _config.yml: %q, %q, %v", added, missing, err)
	}
}
