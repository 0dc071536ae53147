package book

import (
	"strconv"
	"testing"
)

// TestChannelValue reads back what ChannelValue writes: unix's 3 and 4,
// and windows handles, which are larger and may be anywhere up to the
// size of a pointer; ParseChannel refuses the rest.
func TestChannelValue(t *testing.T) {
	maxUint := uint64(^uint(0))
	for _, tc := range []struct{ rec, sec uintptr }{
		{3, 4},
		{4, 3},
		{0x2a4, 0x2b0}, // handles as windows gives them
		{uintptr(maxUint), 8},
	} {
		v := ChannelValue(tc.rec, tc.sec)
		rec, sec, err := ParseChannel(v)
		if err != nil || rec != tc.rec || sec != tc.sec {
			t.Errorf("ParseChannel(ChannelValue(%d, %d) = %q) = %d, %d, %v", tc.rec, tc.sec, v, rec, sec, err)
		}
	}
	if v := ChannelValue(0x2a4, 0x2b0); v != "676,688" {
		t.Errorf("ChannelValue(0x2a4, 0x2b0) = %q, want decimal 676,688", v)
	}
	for _, v := range []string{
		"", "3", "3,", ",4", "3;4", "3,4,5", " 3,4", "3,4 ", "+3,4", "-1,4", "0x3,4",
		"0,4", "1,4", "3,2", // the standard streams
		"4,4", // one descriptor for both
		"3," + strconv.FormatUint(maxUint, 10) + "0", // more than a uintptr holds
		"3,99999999999999999999999",
	} {
		if rec, sec, err := ParseChannel(v); err == nil {
			t.Errorf("ParseChannel(%q) = %d, %d, want an error", v, rec, sec)
		}
	}
}
