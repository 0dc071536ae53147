package figures

// ResetPublished forgets the figures published so far, so a test can run
// an example that publishes a name again (as with go test -count=2).
func ResetPublished() {
	published.Lock()
	clear(published.m)
	published.Unlock()
}
