package check

import (
	"fmt"
	"strings"
)

// Summary is the line that sums up a run's claims under overridden
// parameters (name=value, in the order given): "under lr=0.5: 74 claims
// hold, 13 changed". Without overrides it says "under the book's
// parameters". Counts of zero are left out, except that of holding claims.
func Summary(overrides []string, hold, changed, errors int) string {
	under := "the book's parameters"
	if len(overrides) > 0 {
		under = strings.Join(overrides, ", ")
	}
	s := fmt.Sprintf("under %s: %d %s", under, hold, plural(hold, "claim holds", "claims hold"))
	if changed > 0 {
		s += fmt.Sprintf(", %d changed", changed)
	}
	if errors > 0 {
		s += fmt.Sprintf(", %d %s", errors, plural(errors, "error", "errors"))
	}
	return s
}
