//go:build js && wasm

package book

import "errors"

// nativePath is not used in a browser: Path names a file under DataRoot.
func nativePath(name string) (string, error) {
	return "", errors.New("book: no files on disk in a browser")
}
