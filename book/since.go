package book

import (
	"strconv"
	"strings"
	"time"
)

// sinceStart is how long after package time's init t was read: the
// monotonic clock reading of t, which Go counts from then and which
// t.String ends with, as "m=+SECONDS".
func sinceStart(t time.Time) (time.Duration, bool) {
	s := t.String()
	i := strings.LastIndex(s, " m=")
	if i < 0 {
		return 0, false
	}
	sec, err := strconv.ParseFloat(s[i+len(" m="):], 64)
	if err != nil {
		return 0, false
	}
	return time.Duration(sec * float64(time.Second)), true
}
