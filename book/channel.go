package book

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/bits"
	"os"
	"strconv"
	"strings"
)

// EnvChannel names the two descriptors through which the runner talks to
// a chapter program, as "RECORDS,SECRET" in decimal ([ChannelValue]): on
// unix the runner passes "3,4"; on windows, where a child inherits
// handles rather than descriptor numbers, the values of the two inherited
// pipe handles. The program reads the secret descriptor to its end: a key
// of [KeySize] bytes, then the parameter overrides as JSON (see
// [EnvParams]). It writes its records to the records descriptor, each
// line signed with the key (see [Sign]). The package takes both in its
// init, before any package that imports it (a snippet's own init
// included) runs: it reads and closes the secret descriptor, moves the
// records descriptor to another number (handle) that a process the
// program starts does not inherit, and unsets the variable.
const EnvChannel = "TALLY_CHANNEL"

// ChannelValue returns the value of [EnvChannel] that names the records
// and the secret descriptors (on windows, handles) rec and sec.
func ChannelValue(rec, sec uintptr) string {
	return strconv.FormatUint(uint64(rec), 10) + "," + strconv.FormatUint(uint64(sec), 10)
}

// ParseChannel returns the records and the secret descriptors that a
// value of [EnvChannel] names: two decimal numbers, distinct, each at
// least 3 (0, 1 and 2 are the standard streams on unix; a windows handle
// is a multiple of 4) and no larger than a uintptr holds.
func ParseChannel(v string) (rec, sec uintptr, err error) {
	a, b, ok := strings.Cut(v, ",")
	r, err1 := strconv.ParseUint(a, 10, bits.UintSize)
	s, err2 := strconv.ParseUint(b, 10, bits.UintSize)
	if !ok || err1 != nil || err2 != nil || r < 3 || s < 3 || r == s {
		return 0, 0, fmt.Errorf("%s=%q is not two descriptors", EnvChannel, v)
	}
	return uintptr(r), uintptr(s), nil
}

// KeySize is the size of the key the runner sends a program.
const KeySize = 32

// MarkerNonce is the nonce that a program with key writes into the
// markers between snippets.
func MarkerNonce(key []byte) string { return hex.EncodeToString(key[:8]) }

// Sign returns the line that carries record line b (JSON, without its
// newline) as the seq-th record (from 0) of a program with key: the hex
// of the first 16 bytes of HMAC-SHA256(key, seq as 8 big-endian bytes, b),
// a space, b and a newline. The runner accepts records only in this
// form, in order, so a line that a snippet writes into the channel, or
// a record it replays, is told apart.
func Sign(key []byte, seq uint64, b []byte) []byte {
	mac := hmac.New(sha256.New, key)
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], seq)
	mac.Write(n[:])
	mac.Write(b)
	sum := mac.Sum(nil)
	line := make([]byte, 0, 33+len(b)+1)
	line = hex.AppendEncode(line, sum[:16])
	line = append(line, ' ')
	line = append(line, b...)
	return append(line, '\n')
}

// Verify returns the record JSON of line (without its newline) if it is
// the seq-th record signed with key, and false otherwise.
func Verify(key []byte, seq uint64, line []byte) ([]byte, bool) {
	if len(line) < 33 || line[32] != ' ' {
		return nil, false
	}
	b := line[33:]
	want := Sign(key, seq, b)
	return b, hmac.Equal(want[:32], line[:32])
}

// channel is what init took from the runner.
var channel struct {
	key    []byte   // nil when the program runs by hand
	params []byte   // the parameter overrides, JSON, or nil
	rec    *os.File // the records descriptor
	seq    uint64   // records written so far
}

// openChannel takes the runner's descriptors, if EnvChannel names them.
// Any failure stops the program: the runner would otherwise take its
// silence for a program that published nothing.
func openChannel() {
	v := os.Getenv(EnvChannel)
	if v == "" {
		return
	}
	_ = os.Unsetenv(EnvChannel) // fails only for a name with '=' or NUL in it
	recFD, secFD, err := ParseChannel(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "book: %v\n", err)
		os.Exit(3)
	}
	key, params, err := readSecret(secFD)
	var rec *os.File
	if err == nil {
		rec, err = moveRecords(recFD)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "book: %v\n", err)
		os.Exit(3)
	}
	channel.key, channel.rec = key, rec
	if len(params) > 0 {
		channel.params = params
	}
}

// readSecret reads the secret descriptor to its end, the key and then the
// parameters, and closes it, so that it is gone by the time a snippet runs.
func readSecret(secFD uintptr) (key, params []byte, err error) {
	sec := os.NewFile(secFD, "tally-secret")
	if sec == nil {
		return nil, nil, fmt.Errorf("%s: the secret descriptor is invalid", EnvChannel)
	}
	b, err := io.ReadAll(sec)
	_ = sec.Close() // read to its end; closing it is only tidiness
	if err != nil {
		return nil, nil, fmt.Errorf("reading the runner's key: %v", err)
	}
	if len(b) < KeySize {
		return nil, nil, fmt.Errorf("the runner sent %d bytes, less than a key", len(b))
	}
	return b[:KeySize], b[KeySize:], nil
}
