package testkit

import (
	"os"
	"os/exec"
	"testing"
)

// Chromium returns the browser of the browser tests: $CHROMIUM, or
// Debian's chromium. Without one the test is skipped, except under
// CI=true, where CI installs it and its absence fails the test.
func Chromium(t testing.TB) string {
	t.Helper()
	if path := LookChromium(); path != "" {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is missing: CI must install it (apt-get install -y chromium)")
	}
	t.Skip("chromium is missing (apt-get install -y chromium)")
	return ""
}

// LookChromium returns the path of the browser, or "" when there is none.
func LookChromium() string {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	return ""
}
