package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// idxImages builds an IDX image file with the given header and pixels.
func idxImages(magic, n, rows, cols uint32, pixels []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, magic)
	b = binary.BigEndian.AppendUint32(b, n)
	b = binary.BigEndian.AppendUint32(b, rows)
	b = binary.BigEndian.AppendUint32(b, cols)
	return append(b, pixels...)
}

// idxLabels builds an IDX label file with the given header and labels.
func idxLabels(magic, n uint32, labels []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, magic)
	b = binary.BigEndian.AppendUint32(b, n)
	return append(b, labels...)
}

// pixelsOf returns n images whose pixel i of image k is (k+i)%7*40.
func pixelsOf(n int) []byte {
	p := make([]byte, n*ImageSize)
	for i := range p {
		p[i] = byte((i/ImageSize + i%ImageSize) % 7 * 40)
	}
	return p
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestParseImages(t *testing.T) {
	good := pixelsOf(2)
	tests := []struct {
		name string
		data []byte
		n    int
		err  string
	}{
		{"two images", idxImages(ImageMagic, 2, 28, 28, good), 2, ""},
		{"no images", idxImages(ImageMagic, 0, 28, 28, nil), 0, ""},
		{"empty file", nil, 0, "f: file has 0 bytes, shorter than the 16-byte header of an IDX images file"},
		{"short header", idxImages(ImageMagic, 2, 28, 28, nil)[:15], 0, "f: file has 15 bytes, shorter than the 16-byte header of an IDX images file"},
		{"label magic", idxImages(LabelMagic, 2, 28, 28, good), 0, "f: magic number is 0x00000801 (labels), want 0x00000803 (images)"},
		{"float magic", idxImages(0x00000d03, 2, 28, 28, good), 0, "f: magic number is 0x00000d03 (IDX type 0x0d with 3 dimensions), want 0x00000803 (images)"},
		{"little-endian", idxImages(0x03080000, 2, 28, 28, good), 0, "f: magic number is 0x03080000 (not an IDX file), want 0x00000803 (images)"},
		{"wrong size", idxImages(ImageMagic, 2, 28, 27, good), 0, "f: images are 28×27 pixels, want 28×28"},
		{"truncated", idxImages(ImageMagic, 2, 28, 28, good[:len(good)-1]), 0, "f: file has 1583 bytes, but 2 images of 28×28 need 1584"},
		{"extra byte", idxImages(ImageMagic, 2, 28, 28, append(good, 0)), 0, "f: file has 1585 bytes, but 2 images of 28×28 need 1584"},
		{"huge count", idxImages(ImageMagic, 0xffffffff, 28, 28, good), 0, "f: file has 1584 bytes, but 4294967295 images of 28×28 need 3367254359296"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, pix, err := ParseImages("f", tt.data)
			if tt.err != "" {
				var fe *FormatError
				if !errors.As(err, &fe) || fe.File != "f" || err.Error() != "mnist: "+tt.err {
					t.Fatalf("err = %v\nwant mnist: %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.n || !bytes.Equal(pix, tt.data[16:]) {
				t.Fatalf("n = %d, %d pixels; want %d, %d", n, len(pix), tt.n, len(tt.data)-16)
			}
		})
	}
}

func TestParseLabels(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		err  string
	}{
		{"three labels", idxLabels(LabelMagic, 3, []byte{0, 9, 5}), ""},
		{"no labels", idxLabels(LabelMagic, 0, nil), ""},
		{"short header", []byte{0, 0, 8, 1, 0, 0, 0}, "f: file has 7 bytes, shorter than the 8-byte header of an IDX labels file"},
		{"image magic", idxLabels(ImageMagic, 3, []byte{0, 9, 5}), "f: magic number is 0x00000803 (images), want 0x00000801 (labels)"},
		{"truncated", idxLabels(LabelMagic, 3, []byte{0, 9}), "f: file has 10 bytes, but 3 labels need 11"},
		{"extra byte", idxLabels(LabelMagic, 3, []byte{0, 9, 5, 1}), "f: file has 12 bytes, but 3 labels need 11"},
		{"not a digit", idxLabels(LabelMagic, 3, []byte{0, 10, 5}), "f: label 10 of item 1 is not a digit 0–9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			labels, err := ParseLabels("f", tt.data)
			if tt.err != "" {
				if err == nil || err.Error() != "mnist: "+tt.err {
					t.Fatalf("err = %v\nwant mnist: %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(labels, tt.data[8:]) {
				t.Fatalf("labels = %v, want %v", labels, tt.data[8:])
			}
		})
	}
}

// smallFS returns an fs.FS with 3 training and 2 test images.
func smallFS() fstest.MapFS {
	return fstest.MapFS{
		TrainImagesFile: {Data: gz(idxImages(ImageMagic, 3, 28, 28, pixelsOf(3)))},
		TrainLabelsFile: {Data: gz(idxLabels(LabelMagic, 3, []byte{7, 0, 3}))},
		TestImagesFile:  {Data: gz(idxImages(ImageMagic, 2, 28, 28, pixelsOf(2)))},
		TestLabelsFile:  {Data: gz(idxLabels(LabelMagic, 2, []byte{1, 9}))},
	}
}

func TestLoadFS(t *testing.T) {
	train, test, err := LoadFS(smallFS())
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 3 || test.N != 2 || train.Labels[0] != 7 || test.Labels[1] != 9 {
		t.Fatalf("train N=%d labels %v, test N=%d labels %v", train.N, train.Labels, test.N, test.Labels)
	}
	if !bytes.Equal(train.Pixels, pixelsOf(3)) {
		t.Fatal("training pixels differ")
	}
}

func TestLoadFSErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		err    string
	}{
		{"count mismatch", func(m fstest.MapFS) {
			m[TestLabelsFile].Data = gz(idxLabels(LabelMagic, 3, []byte{1, 9, 2}))
		}, "mnist: t10k-labels-idx1-ubyte.gz: has 3 labels for the 2 images of t10k-images-idx3-ubyte.gz"},
		{"missing file", func(m fstest.MapFS) {
			delete(m, TrainImagesFile)
		}, "mnist: open train-images-idx3-ubyte.gz: file does not exist"},
		{"not gzip", func(m fstest.MapFS) {
			m[TrainLabelsFile].Data = idxLabels(LabelMagic, 3, []byte{7, 0, 3})
		}, "mnist: train-labels-idx1-ubyte.gz: gzip: invalid header"},
		{"truncated gzip", func(m fstest.MapFS) {
			d := m[TestImagesFile].Data
			m[TestImagesFile].Data = d[:len(d)-10]
		}, "mnist: t10k-images-idx3-ubyte.gz: unexpected EOF"},
		{"two bad files", func(m fstest.MapFS) {
			m[TrainLabelsFile].Data = gz(idxLabels(LabelMagic, 3, []byte{7, 0, 30}))
			m[TestImagesFile].Data = gz(idxImages(ImageMagic, 2, 28, 28, nil))
		}, "mnist: train-labels-idx1-ubyte.gz: label 30 of item 2 is not a digit 0–9\n" +
			"mnist: t10k-images-idx3-ubyte.gz: file has 16 bytes, but 2 images of 28×28 need 1584"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := smallFS()
			tt.change(fsys)
			_, _, err := LoadFS(fsys)
			if err == nil || err.Error() != tt.err {
				t.Fatalf("err = %v\nwant %s", err, tt.err)
			}
		})
	}
}

func TestGunzipLimit(t *testing.T) {
	big := gz(make([]byte, maxFileSize+1))
	_, err := gunzip("big", big)
	if err == nil || !strings.Contains(err.Error(), "decompresses to more than") {
		t.Fatalf("err = %v", err)
	}
}

// FuzzParseIDX checks that the parsers never panic and that what they accept
// has the promised shape. The committed corpus is in testdata/fuzz.
func FuzzParseIDX(f *testing.F) {
	f.Add(idxImages(ImageMagic, 1, 28, 28, pixelsOf(1)))
	f.Add(idxLabels(LabelMagic, 3, []byte{0, 9, 5}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if n, pix, err := ParseImages("f", data); err == nil {
			if n < 0 || len(pix) != n*ImageSize {
				t.Fatalf("accepted %d images with %d pixels", n, len(pix))
			}
		} else if !strings.HasPrefix(err.Error(), "mnist: f: ") {
			t.Fatalf("error %q does not name the file", err)
		}
		if labels, err := ParseLabels("f", data); err == nil {
			if len(labels) != len(data)-8 {
				t.Fatalf("accepted %d labels from %d bytes", len(labels), len(data))
			}
			for _, l := range labels {
				if l > 9 {
					t.Fatalf("accepted label %d", l)
				}
			}
		} else if !strings.HasPrefix(err.Error(), "mnist: f: ") {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}
