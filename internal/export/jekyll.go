package export

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Jekyll publishes only what lies outside _posts and outside folders whose
// names start with _ or . (and those its _config.yml excludes): a figure
// written beside a post in _posts is never copied into _site. A Jekyll
// export therefore writes the figures of each post into a folder of the
// site, ASSETS/SLUG/ (ASSETS is assets/tally by default), and links them
// with Jekyll's relative_url filter,
//
//	![alt]({{ '/assets/tally/2024-01-15-mean/xs.png' | relative_url }})
//
// which puts the site's baseurl in front when Jekyll builds the page: the
// link is absolute from the site's root, so it holds under any permalink,
// and it follows a baseurl that changes (or that GitHub Pages sets) without
// a new export.

// SiteOf returns the folder of the Jekyll site that a post folder out
// belongs to: the folder above the nearest _posts at or above out, else
// the folder above out.
func SiteOf(out string) string {
	clean := filepath.Clean(out)
	for d := clean; ; d = filepath.Dir(d) {
		if filepath.Base(d) == "_posts" {
			return filepath.Dir(d)
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return filepath.Dir(clean)
}

// DefaultAssets returns the folder the figures of a Jekyll export into out
// go to unless -assets says otherwise: assets/tally in its site (SiteOf).
func DefaultAssets(out string) string {
	return filepath.Join(SiteOf(out), "assets", "tally")
}

// assetsURL returns the path of the folder assets from the root of the
// site it belongs to (SiteOf(out)), as in a URL: assets/tally. It refuses
// a folder that Jekyll would not publish: outside the site, below a
// folder whose name starts with _ or ., or excluded by the site's
// _config.yml.
func assetsURL(out, assets string) (string, error) {
	site := SiteOf(out)
	siteAbs, err := filepath.Abs(site)
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(assets)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(siteAbs, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("-assets %s: not a folder inside the site %s, where Jekyll would publish the figures", assets, site)
	}
	rel = filepath.ToSlash(rel)
	parts := strings.Split(rel, "/")
	for _, p := range parts {
		if strings.HasPrefix(p, "_") || strings.HasPrefix(p, ".") {
			return "", fmt.Errorf("-assets %s: Jekyll does not publish %s (a folder whose name starts with %c); choose a folder it copies, such as assets/tally", assets, p, p[0])
		}
	}
	excl, err := excluded(filepath.Join(site, "_config.yml"))
	if err != nil {
		return "", err
	}
	for i := range parts {
		prefix := strings.Join(parts[:i+1], "/")
		if slices.Contains(excl, prefix) || slices.Contains(excl, prefix+"/") {
			return "", fmt.Errorf("-assets %s: %s excludes %s, so Jekyll would not publish the figures", assets, filepath.Join(site, "_config.yml"), prefix)
		}
	}
	return rel, nil
}

// excluded returns the exclude: list of a Jekyll _config.yml; none when
// the file does not exist.
func excluded(config string) ([]string, error) {
	data, err := os.ReadFile(config)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var cfg struct {
		Exclude []string `yaml:"exclude"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %v", config, err)
	}
	for i, e := range cfg.Exclude {
		cfg.Exclude[i] = strings.TrimPrefix(strings.TrimSpace(e), "/")
	}
	return cfg.Exclude, nil
}

// jekyllLink returns the link of a figure file in the folder url (from
// the site's root) in a Jekyll post.
func jekyllLink(url, file string) string {
	return "{{ '/" + url + "/" + file + "' | relative_url }}"
}
