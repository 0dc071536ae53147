// Package testkit holds what tally's tests share: the one -update flag of
// the golden files, a line diff for their failures, the browser of the
// browser tests, and the book's chapters as fuzz seeds.
//
// Only test files import it (TestOnlyTests checks): its -update flag is
// then registered in test binaries alone, never in tally.
package testkit
