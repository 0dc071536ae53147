package check

import "testing"

func TestStatusRerun(t *testing.T) {
	for _, tc := range []struct {
		s    Status
		want RerunStatus
	}{
		{Pass, RerunHolds},
		{Fail, RerunChanged},
		{Info, RerunChanged},
		{Error, RerunError},
	} {
		if got := tc.s.Rerun(); got != tc.want {
			t.Errorf("%s.Rerun() = %s, want %s", tc.s, got, tc.want)
		}
	}
}
