package check

import (
	"fmt"
	"sort"
	"strings"
)

// Summary sums up the claims of a run for people: "under lr=0.5: 74
// claims hold, 13 changed". overrides are the parameters the run was
// given (name → value, listed in name order); without them it says
// "under the book's parameters". hold, changed, failed and errors count the
// claims by the status Check gave them: Pass, Info, Fail and
// Error. The count of changed claims is left out when it is zero and
// nothing was overridden, those of false claims and errors when zero.
func Summary(overrides map[string]string, hold, changed, failed, errors int) string {
	under := "the book's parameters"
	if len(overrides) > 0 {
		sets := make([]string, 0, len(overrides))
		for n, v := range overrides {
			sets = append(sets, n+"="+v)
		}
		sort.Strings(sets)
		under = strings.Join(sets, ", ")
	}
	s := fmt.Sprintf("under %s: %d %s", under, hold, plural(hold, "claim holds", "claims hold"))
	if changed > 0 || len(overrides) > 0 {
		s += fmt.Sprintf(", %d changed", changed)
	}
	if failed > 0 {
		s += fmt.Sprintf(", %d false", failed)
	}
	if errors > 0 {
		s += fmt.Sprintf(", %d %s", errors, plural(errors, "error", "errors"))
	}
	return s
}
