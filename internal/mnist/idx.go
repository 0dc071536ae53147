package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
)

// Sizes of an MNIST image and of its label set.
const (
	Rows      = 28          // pixel rows of an image
	Cols      = 28          // pixel columns of an image
	ImageSize = Rows * Cols // pixels per image, 784
	Classes   = 10          // digits 0–9
)

// Magic numbers of the two IDX file kinds: 0, 0, the type (0x08, unsigned
// byte) and the number of dimensions.
const (
	ImageMagic = 0x00000803
	LabelMagic = 0x00000801
)

// maxFileSize caps a decompressed file; the largest MNIST file has 47 MB.
const maxFileSize = 64 << 20

// A FormatError reports a file that is not the IDX file it should be.
type FormatError struct {
	File    string // the file's name, such as "t10k-labels-idx1-ubyte.gz"
	Problem string // what was wrong, such as "label 12 of item 5 is not a digit 0–9"
}

func (e *FormatError) Error() string { return "mnist: " + e.File + ": " + e.Problem }

func formatErr(file, format string, args ...any) error {
	return &FormatError{File: file, Problem: fmt.Sprintf(format, args...)}
}

// ParseImages checks the decompressed IDX image file data and returns the
// number of images and their pixels, ImageSize bytes per image, row by row.
// The pixels alias data. The file name is only used in errors.
func ParseImages(file string, data []byte) (n int, pixels []byte, err error) {
	const header = 16
	n, err = parseHeader(file, data, ImageMagic, "images", header)
	if err != nil {
		return 0, nil, err
	}
	rows := binary.BigEndian.Uint32(data[8:])
	cols := binary.BigEndian.Uint32(data[12:])
	if rows != Rows || cols != Cols {
		return 0, nil, formatErr(file, "images are %d×%d pixels, want %d×%d", rows, cols, Rows, Cols)
	}
	if want := int64(header) + int64(n)*ImageSize; int64(len(data)) != want {
		return 0, nil, formatErr(file, "file has %d bytes, but %d images of %d×%d need %d", len(data), n, Rows, Cols, want)
	}
	return n, data[header:], nil
}

// ParseLabels checks the decompressed IDX label file data and returns its
// labels, each a digit 0–9. The labels alias data. The file name is only used
// in errors.
func ParseLabels(file string, data []byte) (labels []byte, err error) {
	const header = 8
	n, err := parseHeader(file, data, LabelMagic, "labels", header)
	if err != nil {
		return nil, err
	}
	if want := int64(header) + int64(n); int64(len(data)) != want {
		return nil, formatErr(file, "file has %d bytes, but %d labels need %d", len(data), n, want)
	}
	labels = data[header:]
	for i, l := range labels {
		if l >= Classes {
			return nil, formatErr(file, "label %d of item %d is not a digit 0–9", l, i)
		}
	}
	return labels, nil
}

// parseHeader checks the magic number and returns the item count.
func parseHeader(file string, data []byte, magic uint32, kind string, header int) (int, error) {
	if len(data) < header {
		return 0, formatErr(file, "file has %d bytes, shorter than the %d-byte header of an IDX %s file", len(data), header, kind)
	}
	if got := binary.BigEndian.Uint32(data); got != magic {
		return 0, formatErr(file, "magic number is 0x%08x (%s), want 0x%08x (%s)", got, describeMagic(got), magic, kind)
	}
	return int(binary.BigEndian.Uint32(data[4:])), nil
}

// describeMagic says what kind of file a magic number announces.
func describeMagic(m uint32) string {
	switch m {
	case ImageMagic:
		return "images"
	case LabelMagic:
		return "labels"
	}
	if m>>16 != 0 {
		return "not an IDX file"
	}
	return fmt.Sprintf("IDX type 0x%02x with %d dimensions", m>>8&0xff, m&0xff)
}

// gunzip decompresses a whole gzip file, at most maxFileSize bytes. The
// gzip trailer's size field sizes the buffer, so that a large file is not
// copied while it grows.
func gunzip(file string, gz []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", file, err)
	}
	size := 1 << 16
	if len(gz) >= 4 {
		if hint := int(binary.LittleEndian.Uint32(gz[len(gz)-4:])); hint <= maxFileSize {
			size = hint + bytes.MinRead
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	n, err := buf.ReadFrom(io.LimitReader(zr, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", file, err)
	}
	if n > maxFileSize {
		return nil, formatErr(file, "decompresses to more than %d bytes", maxFileSize)
	}
	return buf.Bytes(), nil
}
