package runner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/runner/chapter"
)

// This file is the runner's executor (see execute.go): goExec builds a
// chapter's program with the go command and runs it as a process of its
// own; demux cuts what the process prints at the markers between
// snippets, and readRecords reads the signed records it writes.

// stream is the captured output of one snippet on one stream.
type stream struct {
	buf  bytes.Buffer
	cut  int64  // bytes dropped past the limit
	tail []byte // the last of the dropped bytes, up to 2×tailSize, for diagnosis
}

// tailSize is how much of the output dropped past the limit a stream
// keeps to diagnose a crash from: a panic or out-of-memory report after
// megabytes of output is still found.
const tailSize = 256 << 10

// diag returns the stream's kept output and, after a cut, the last
// tailSize bytes of what was dropped: the text a crash is looked for in.
func (s *stream) diag() string {
	if s.cut == 0 {
		return s.buf.String()
	}
	t := s.tail
	if len(t) > tailSize {
		t = t[len(t)-tailSize:]
	}
	return s.buf.String() + "\n" + string(t)
}

// demux cuts a stream into the parts each snippet printed, at the markers
// that book.Snippet writes, keeping at most limit bytes per snippet.
type demux struct {
	mu       sync.Mutex
	prefix   []byte
	limit    int
	cur      int
	parts    map[int]*stream
	pend     []byte
	onMarker func(i int)
	forged   []int // snippets during which a marker came out of order
}

func newDemux(nonce string, limit int, onMarker func(int)) *demux {
	return &demux{prefix: []byte("\x00tally:" + nonce + ":"), limit: limit, cur: -1, parts: map[int]*stream{}, onMarker: onMarker}
}

func (d *demux) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pend = append(d.pend, p...)
	for {
		i := bytes.Index(d.pend, d.prefix)
		if i < 0 {
			// Keep a tail that may be the start of a marker.
			keep := len(d.prefix) - 1
			if keep > len(d.pend) {
				keep = len(d.pend)
			}
			d.emit(d.pend[:len(d.pend)-keep])
			d.pend = append(d.pend[:0], d.pend[len(d.pend)-keep:]...)
			return len(p), nil
		}
		end := bytes.IndexByte(d.pend[i+len(d.prefix):], 0)
		if end < 0 {
			d.emit(d.pend[:i])
			d.pend = append(d.pend[:0], d.pend[i:]...)
			return len(p), nil
		}
		d.emit(d.pend[:i])
		n, err := strconv.Atoi(string(d.pend[i+len(d.prefix) : i+len(d.prefix)+end]))
		// Snippets run in order and the end (-2) comes last: a marker
		// that does not move forward was not written by book.Snippet.
		switch {
		case err == nil && d.cur != -2 && (n > d.cur || n == -2):
			d.cur = n
			if d.onMarker != nil {
				d.onMarker(n)
			}
		default:
			d.forged = append(d.forged, d.cur)
		}
		d.pend = append(d.pend[:0], d.pend[i+len(d.prefix)+end+1:]...)
	}
}

// flush emits what is pending at the end of the stream.
func (d *demux) flush() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.emit(d.pend)
	d.pend = nil
}

func (d *demux) emit(b []byte) {
	if len(b) == 0 {
		return
	}
	s := d.parts[d.cur]
	if s == nil {
		s = &stream{}
		d.parts[d.cur] = s
	}
	room := d.limit - s.buf.Len()
	if room >= len(b) {
		s.buf.Write(b)
		return
	}
	if room > 0 {
		s.buf.Write(b[:room])
		b = b[room:]
	}
	s.cut += int64(len(b))
	if len(b) >= tailSize {
		s.tail = append(s.tail[:0], b[len(b)-tailSize:]...)
		return
	}
	if len(s.tail)+len(b) > 2*tailSize {
		s.tail = append(s.tail[:0], s.tail[len(s.tail)-(tailSize-len(b)):]...)
	}
	s.tail = append(s.tail, b...)
}

// goExec is the runner's executor: go build and go vet make the program,
// which runs as a process of its own under the chapter's limits.
type goExec struct{ r *Runner }

// build builds the program under the key of its binary: the chapter's
// cache key without overrides, and the program's source, //line
// positions included (see buildProgram).
func (g goExec) build(ctx context.Context, ch *chapter.Chapter, deps []*chapter.Chapter, prog *program, dir string) (string, chapter.ErrorList) {
	buildKey := ""
	if k, err := g.r.key(ch, deps, ch.Meta.Params, prog, nil); err == nil {
		sum := sha256.Sum256([]byte(k + "\n" + string(prog.Source)))
		buildKey = hex.EncodeToString(sum[:])
	}
	return g.r.buildProgram(ctx, ch, prog, dir, buildKey)
}

// run runs the built program (see runProgram), then removes it: the gen
// folder keeps the program packed (see packProgram), and the next build
// unpacks it again.
func (g goExec) run(ctx context.Context, bin string, spec runSpec) (*runOutcome, error) {
	// Best effort: a program left unpacked costs disk, not correctness,
	// since the next build checks it against its record anyway.
	defer os.Remove(bin) //nolint:errcheck // see above
	for try := 0; ; try++ {
		out, err := g.r.runProgram(ctx, bin, spec.dir, spec.timeout, spec.env, spec.overrides, spec.onSnippet)
		// The program was just unpacked by this process: a process that
		// another goroutine forks at that moment holds the written file
		// open until it execs, and Linux refuses to start a program open
		// for writing (ETXTBSY). That lasts microseconds: try again.
		if err == nil || !errors.Is(err, syscall.ETXTBSY) || try == 4 {
			return out, err
		}
		time.Sleep(time.Duration(try+1) * 10 * time.Millisecond)
	}
}

// buildProgram writes the program into dir and builds it, running vet at
// the same time. It returns the binary, or the compiler's and vet's
// diagnostics mapped to chapter positions.
//
// The binary does not depend on parameter overrides (the program reads
// them when it starts), so a build is skipped when dir holds the binary of
// the same program, as recorded by buildKey in its record (see
// progRecord) with the SHA-256 of the binary: a re-run under other values
// then costs the run alone. A binary that does not match its hash (cut
// short, changed) is built again, and so is every binary under
// Config.Force. Between runs dir keeps the binary gzip-compressed (see
// packProgram); the hash in the record is the unpacked binary's, checked
// as it is unpacked.
//
// dir is the chapter's slug's, which chapters of one slug in several
// books of the module share: it keeps one program per book (prog.Book),
// named by its key, so that building one book does not evict another's
// (see pruneProgs).
func (r *Runner) buildProgram(ctx context.Context, ch *chapter.Chapter, prog *program, dir, buildKey string) (string, chapter.ErrorList) {
	var errs chapter.ErrorList
	if err := os.MkdirAll(dir, 0o755); err != nil {
		errs.Add(chapter.Pos{File: ch.Path}, "%v", err)
		return "", errs
	}
	bin := filepath.Join(dir, "prog"+exeSuffix)
	name := progName(buildKey)
	packed, keyFile := filepath.Join(dir, name+".gz"), filepath.Join(dir, name+".key")
	if buildKey != "" && !r.cfg.Force {
		if rec, ok := readProgRecord(keyFile); ok && rec.key == buildKey && unpackProgram(packed, bin) == rec.sum {
			return bin, nil
		}
	}
	// Removes here and below may fail where the file was never made;
	// where one fails otherwise, the build that writes into dir fails too,
	// and says why.
	if buildKey != "" {
		_ = os.Remove(keyFile)
		_ = os.Remove(packed)
	}
	// go build relinks only when the binary's build ID differs, which a
	// damaged binary may keep: start from none.
	_ = os.Remove(bin)
	// The program is handed to go build through an overlay, so that no
	// generated .go file lies in the module tree for gofmt or go vet ./...
	// to find: main.go exists only in the overlay.
	src := filepath.Join(dir, "main.go.txt")
	overlay := filepath.Join(dir, "overlay.json")
	ov, _ := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(r.root, prog.File): src}})
	for _, f := range []struct {
		name string
		data []byte
	}{{src, prog.Source}, {overlay, ov}} {
		if err := os.WriteFile(f.name, f.data, 0o644); err != nil {
			errs.Add(chapter.Pos{File: ch.Path}, "%v", err)
			return "", errs
		}
	}
	_ = os.Remove(filepath.Join(dir, "main.go")) // left by an older runner, if any
	r.builds.Add(1)
	pkg := "./" + filepath.ToSlash(filepath.Dir(prog.File))
	var buildOut, vetOut []byte
	var buildErr, vetErr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		// -s -w leave out the symbol table and DWARF, a sixth of the
		// program (12.5 to 10.5 MB for chapter 5): panics still name
		// their lines, from the pclntab, which the program keeps.
		cmd := exec.CommandContext(ctx, r.goBin, "build", "-overlay", overlay, "-ldflags=-s -w", "-o", bin, pkg)
		cmd.Dir, cmd.Env = r.root, buildEnv(ch)
		buildOut, buildErr = cmd.CombinedOutput()
	}()
	go func() {
		defer wg.Done()
		if r.cfg.NoVet {
			return
		}
		// The analyzers that go test runs by default.
		cmd := exec.CommandContext(ctx, r.goBin, "vet", "-overlay", overlay, "-atomic", "-bool", "-buildtags", "-directive", "-errorsas",
			"-ifaceassert", "-nilfunc", "-printf", "-stringintconv", pkg)
		cmd.Dir, cmd.Env = r.root, buildEnv(ch)
		vetOut, vetErr = cmd.CombinedOutput()
	}()
	wg.Wait()
	if buildErr != nil {
		if moduleProblem(buildOut) {
			// A package whose module go.mod does not require: say so at
			// the chapter line that asks for it, with the module to get.
			// ImportsFile imports it too, so that go mod tidy keeps it.
			for _, p := range r.missingModules(prog) {
				at := prog.At[p]
				if at.File == "" {
					at = chapter.Pos{File: ch.Path}
				}
				errs.Add(at, "package %s: go.mod requires no module that provides it: run \"go get %s\" (or \"go mod tidy\", which finds it through %s)",
					p, r.moduleOf(p), ImportsFile)
			}
			if len(errs) == 0 {
				// The modules are there, go.mod or go.sum is not tidy.
				errs.Add(chapter.Pos{File: ch.Path}, "go.mod or go.sum lacks what this chapter's imports need: run \"go mod tidy\" in %s (%s lists the chapters' imports, so tidy keeps their modules)\n%s",
					r.root, ImportsFile, bytes.TrimSpace(buildOut))
			}
			return "", errs
		}
		errs = append(errs, r.diagnostics(ch, prog, buildOut, "")...)
		if len(errs) == 0 {
			errs.Add(chapter.Pos{File: ch.Path}, "go build: %v\n%s", buildErr, buildOut)
		}
		return "", errs
	}
	if vetErr != nil {
		errs = append(errs, r.diagnostics(ch, prog, vetOut, "vet: ")...)
		if len(errs) == 0 {
			errs.Add(chapter.Pos{File: ch.Path}, "go vet: %v\n%s", vetErr, vetOut)
		}
		return "", errs
	}
	if buildKey != "" {
		sum := fileSum(bin)
		if sum == "" {
			errs.Add(chapter.Pos{File: ch.Path}, "go build wrote no readable %s", bin)
			return "", errs
		}
		if err := packProgram(bin, packed); err != nil {
			errs.Add(chapter.Pos{File: ch.Path}, "%v", err)
			return "", errs
		}
		if err := os.WriteFile(keyFile, []byte(buildKey+"\n"+sum+"\n"+prog.Book+"\n"), 0o644); err != nil {
			errs.Add(chapter.Pos{File: ch.Path}, "%v", err)
			return "", errs
		}
		pruneProgs(dir, name, prog.Book)
	}
	return bin, nil
}

// progName is the name, without extension, of the packed program of
// buildKey (NAME.gz) and of its record (NAME.key) in its gen folder.
func progName(buildKey string) string { return "prog-" + buildKey[:min(16, len(buildKey))] }

// progRecord is the file NAME.key next to a packed program NAME.gz: its
// build key, the SHA-256 of the unpacked binary and the folder of the book
// that built it (absolute), a line each.
type progRecord struct{ key, sum, book string }

// readProgRecord reads the record file name; ok is false when it is
// missing or not a record.
func readProgRecord(name string) (rec progRecord, ok bool) {
	b, err := os.ReadFile(name)
	if err != nil {
		return rec, false
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) != 4 || lines[0] == "" || lines[1] == "" || lines[3] != "" {
		return rec, false
	}
	return progRecord{lines[0], lines[1], lines[2]}, true
}

// pruneProgs removes from the gen folder dir the programs that book's
// earlier builds left (their names differ from keep), those of books
// whose folder is gone (or that have none), and files of no record, such
// as an older tally's prog.gz and prog.key (see pruneBuilt).
func pruneProgs(dir, keep, book string) {
	pruneBuilt(dir, keep, book, ".gz", ".key",
		func(name string) bool { return strings.HasPrefix(name, "prog") },
		func(record string) string {
			rec, _ := readProgRecord(record)
			return rec.book
		})
}

// pruneBuilt removes from dir what book's earlier builds left: each built
// thing is a file NAME+ext and its record NAME+recExt, of the names that
// mine accepts; bookOf reads the absolute folder of the book that built it
// from its record ("" for a record that is missing or unreadable). It
// removes book's own other than keep, those of books whose folder is
// gone, and those of no record. The things of other books of the module
// stay: two books built in turn do not rebuild each other's.
func pruneBuilt(dir, keep, book, ext, recExt string, mine func(name string) bool, bookOf func(record string) string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		name, x := strings.TrimSuffix(n, filepath.Ext(n)), filepath.Ext(n)
		if name == keep || x != ext && x != recExt || !mine(name) {
			continue
		}
		if b := bookOf(filepath.Join(dir, name+recExt)); b != "" && b != book {
			if _, err := os.Stat(b); !errors.Is(err, fs.ErrNotExist) {
				continue // another book's, which is still there
			}
		}
		for _, x := range []string{ext, recExt} {
			_ = os.Remove(filepath.Join(dir, name+x)) // best effort: the next build prunes again
		}
	}
}

// packProgram writes the gzip-compressed copy of the built program bin
// into packed, through a temporary file renamed into place. A chapter's
// program is mostly the Go runtime, gonum and plot's fonts; packed it
// takes half the disk (10.5 to 5.1 MB for chapter 5), which is what a
// book's _tally/ holds per chapter between builds. The default level
// packs it in 0.3 s and unpacks it in 0.07 s on an idle machine (1.2 s
// and 0.32 s with both cores busy: BenchmarkUnpackProgram), small parts
// of the build and the run they go with; level 1 is 10% larger and no
// faster here.
func packProgram(bin, packed string) (err error) {
	in, err := os.Open(bin)
	if err != nil {
		return err
	}
	defer in.Close() //nolint:errcheck // read only: its Close cannot lose data
	out, err := os.CreateTemp(filepath.Dir(packed), ".prog-*.gz")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = out.Close()           // the error that matters is err
			_ = os.Remove(out.Name()) // best effort: the temporary file
		}
	}()
	zw, err := gzip.NewWriterLevel(out, gzip.DefaultCompression)
	if err != nil {
		return err
	}
	if _, err = io.Copy(zw, in); err != nil {
		return err
	}
	if err = zw.Close(); err != nil {
		return err
	}
	if err = out.Close(); err != nil {
		return err
	}
	return os.Rename(out.Name(), packed)
}

// unpackProgram writes the program that packed holds into bin, executable,
// and returns the hex SHA-256 of what it wrote, or "" when packed is
// missing or damaged (bin is then removed).
func unpackProgram(packed, bin string) string {
	sum, err := unpack(packed, bin)
	if err != nil {
		_ = os.Remove(bin) // best effort: a rebuild starts from none anyway
		return ""
	}
	return sum
}

func unpack(packed, bin string) (string, error) {
	in, err := os.Open(packed)
	if err != nil {
		return "", err
	}
	defer in.Close() //nolint:errcheck // read only: its Close cannot lose data
	zr, err := gzip.NewReader(bufio.NewReaderSize(in, 256<<10))
	if err != nil {
		return "", err
	}
	out, err := os.OpenFile(bin, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(out, h), zr)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fileSum returns the hex SHA-256 of a file, or "" when it cannot be read.
func fileSum(name string) string {
	h := sha256.New()
	if err := hashFile(h, name); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// moduleProblem reports whether go build failed because go.mod or go.sum
// does not cover the program's imports.
func moduleProblem(out []byte) bool {
	for _, m := range []string{"no required module provides package", "updates to go.mod needed", "missing go.sum entry"} {
		if bytes.Contains(out, []byte(m)) {
			return true
		}
	}
	return false
}

// buildEnv is the environment of go build and go vet for a chapter: the
// runner's own, with the chapter's GOEXPERIMENT added.
func buildEnv(ch *chapter.Chapter) []string {
	env := os.Environ()
	if ch.Meta.GoExp == "" {
		return env
	}
	exp := ch.Meta.GoExp
	if old := os.Getenv("GOEXPERIMENT"); old != "" {
		exp = old + "," + exp
	}
	return append(env, "GOEXPERIMENT="+exp)
}

var diagRE = regexp.MustCompile(`^(.+?\.(?:md|go)):(\d+)(?::\d+)?: (.*)$`)

// diagnostics turns the output of the go command on the program of ch
// into errors (see diagnosticsIn).
func (r *Runner) diagnostics(ch *chapter.Chapter, prog *program, out []byte, prefix string) chapter.ErrorList {
	pkgDir := filepath.Join(r.root, filepath.Dir(prog.File))
	dirs := []string{pkgDir}
	if rel, err := filepath.Rel(r.root, pkgDir); err == nil {
		dirs = append(dirs, rel)
	}
	return diagnosticsIn(ch.Path, dirs, out, prefix)
}

// diagnosticsIn turns compiler or vet output into errors. Positions in
// Markdown files are kept; positions in the generated file are reported
// against the chapter. Continuation lines (starting with a tab) are joined
// to the message before them. The go command makes the relative file names
// of //line directives relative to the program's folder, given in genDirs
// as it may print it (absolute, or relative to where it ran): that prefix
// is removed.
func diagnosticsIn(chPath string, genDirs []string, out []byte, prefix string) chapter.ErrorList {
	var errs chapter.ErrorList
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if strings.HasPrefix(line, "\t") && len(errs) > 0 {
			last := errs[len(errs)-1]
			last.Msg += "\n" + line
			continue
		}
		m := diagRE.FindStringSubmatch(line)
		if m == nil {
			if len(errs) > 0 {
				errs[len(errs)-1].Msg += "\n" + line
			}
			continue
		}
		n, _ := strconv.Atoi(m[2])
		file := strings.TrimPrefix(m[1], "./")
		for _, dir := range genDirs {
			if rel, ok := strings.CutPrefix(file, dir+string(filepath.Separator)); ok && strings.HasSuffix(rel, ".md") {
				file = rel
				break
			}
		}
		file = filepath.ToSlash(file)
		if strings.HasSuffix(file, ".go") {
			errs.Add(chapter.Pos{File: chPath}, "%sgenerated program (%s:%d): %s", prefix, file, n, m[3])
			continue
		}
		errs.Add(chapter.Pos{File: file, Line: n}, "%s%s", prefix, m[3])
	}
	return errs
}

// runProgram runs a built chapter program with the limits of cfg. The
// program gets a fresh key and the parameter overrides through one
// inherited pipe, and writes its records, signed with the key, into
// another (see book.EnvChannel): neither is a file or a variable that a
// snippet could read or append to.
func (r *Runner) runProgram(ctx context.Context, bin, dir string, timeout time.Duration, env []string, overrides []byte, onSnippet func(int)) (*runOutcome, error) {
	key := make([]byte, book.KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	figDir := filepath.Join(dir, "figures")
	if err := os.RemoveAll(figDir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(figDir, 0o755); err != nil {
		return nil, err
	}
	// Written by an older runner, if any; nothing reads them now.
	_ = os.Remove(filepath.Join(dir, "records.jsonl"))
	_ = os.Remove(filepath.Join(dir, "nonce"))
	recR, recW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer recR.Close() //nolint:errcheck // the read end: closing it loses nothing
	secR, secW, err := os.Pipe()
	if err != nil {
		_ = recW.Close() // unused: the program never started
		return nil, err
	}
	nonce := book.MarkerNonce(key)
	outMux := newDemux(nonce, r.cfg.MaxOutput, onSnippet)
	errMux := newDemux(nonce, r.cfg.MaxOutput, nil)

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Dir = r.root
	cmd.SysProcAttr = programAttr()
	channel := inheritChannel(cmd, recW, secR)
	cmd.Env = append(append(os.Environ(), book.EnvChannel+"="+channel, book.EnvFigDir+"="+figDir), env...)
	cmd.Stdout, cmd.Stderr = outMux, errMux
	tree := new(processTree)
	cmd.Cancel = func() error {
		// Kill the program and anything it started.
		return tree.kill(cmd.Process)
	}
	cmd.WaitDelay = 2 * time.Second
	start := time.Now()
	err = tree.start(cmd)
	// The program holds its own copies of these ends now (or never
	// started); closing ours loses nothing.
	_ = recW.Close()
	_ = secR.Close()
	if err != nil {
		_ = secW.Close()
		return nil, err
	}
	go func() {
		// The program reads the key and the overrides in its init; a
		// program that dies first leaves the write to fail, and the run
		// reports how the program ended.
		_, _ = secW.Write(append(append([]byte(nil), key...), overrides...))
		_ = secW.Close()
	}()
	recs := make(chan recordsRead, 1)
	go func() { recs <- readRecords(recR, key) }()
	err = tree.wait(cmd)
	out := &runOutcome{duration: time.Since(start), exitErr: err}
	outMux.flush()
	errMux.flush()
	out.stdout, out.stderr = outMux.parts, errMux.parts
	out.forged = append(outMux.forged, errMux.forged...)
	out.timedOut = errors.Is(ctx.Err(), context.DeadlineExceeded)
	var rr recordsRead
	select {
	case rr = <-recs:
	case <-time.After(cmd.WaitDelay):
		// Something the program started (and that escaped the kill)
		// holds the records pipe: take what came.
		_ = recR.Close() // the read end: ends readRecords
		rr = <-recs
	}
	out.records, out.badRecord = rr.recs, rr.bad
	return out, nil
}

// recordsRead is what came through a program's records pipe.
type recordsRead struct {
	recs []book.Record
	bad  int // the snippet during which an unsigned or out-of-order record came, or -3 when none did
}

// readRecords reads a program's records pipe to its end: signed lines
// (book.Sign), in order. The first line that is not the next record
// signed with key, and all after it, are dropped, and the snippet it came
// during is reported.
func readRecords(rd io.Reader, key []byte) recordsRead {
	out := recordsRead{bad: -3}
	br := bufio.NewReaderSize(rd, 64<<10)
	cur := -1
	var seq uint64
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' && out.bad == -3 {
			var rec book.Record
			b, ok := book.Verify(key, seq, line[:len(line)-1])
			if ok && json.Unmarshal(b, &rec) == nil {
				seq++
				cur = rec.Snippet
				out.recs = append(out.recs, rec)
			} else {
				out.bad = cur
			}
		}
		// A line cut short by a kill is dropped: what came before stays.
		if err != nil {
			return out
		}
	}
}

// parsePos splits "file:line" as the runtime reports it.
func parsePos(s string) (chapter.Pos, bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return chapter.Pos{}, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return chapter.Pos{}, false
	}
	return chapter.Pos{File: s[:i], Line: n}, true
}

func exitStatus(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return fmt.Sprintf("was killed by %v", ws.Signal())
		}
		return fmt.Sprintf("exited with status %d", ee.ExitCode())
	}
	return err.Error()
}
