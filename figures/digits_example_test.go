package figures_test

import (
	"image"
	"math/rand/v2"
	"strconv"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationserifregular"
	"github.com/tally-book/tally/figures"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/vg"
)

// A grid of 28×28 digit images with their labels. (The images here are
// typeset digits standing in for MNIST.)
func ExampleNewDigits() {
	images, labels := typesetDigits(20)
	d, err := figures.NewDigits(images, labels, 10)
	if err != nil {
		panic(err)
	}
	figures.Publish("digits", d,
		"Twenty training images and their labels.",
		"Two rows of ten handwritten-looking digits, 0 to 9 twice, each labelled underneath.",
		figures.WithSize(6*vg.Inch, 1.8*vg.Inch))
}

// typesetDigits returns n 28×28 images of the digits 0, 1, …, 9, 0, … set
// in two typefaces at slightly random positions, as MNIST-like intensities
// in [0, 1], and their labels.
func typesetDigits(n int) ([][]float64, []int) {
	rng := rand.New(rand.NewPCG(7, 7))
	var faces []font.Face
	for _, ttf := range [][]byte{liberationsansbold.TTF, liberationserifregular.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			panic(err)
		}
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 22, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			panic(err)
		}
		faces = append(faces, face)
	}
	var images [][]float64
	var labels []int
	for i := range n {
		img := image.NewAlpha(image.Rect(0, 0, 28, 28))
		d := font.Drawer{Dst: img, Src: image.Opaque, Face: faces[i/10%len(faces)]}
		label := i % 10
		s := strconv.Itoa(label)
		x := (fixed.I(28) - d.MeasureString(s)) / 2
		d.Dot = fixed.Point26_6{X: x + fixed.I(rng.IntN(5)-2), Y: fixed.I(22 + rng.IntN(3) - 1)}
		d.DrawString(s)
		px := make([]float64, 28*28)
		for j := range px {
			px[j] = float64(img.Pix[j]) / 255
		}
		images = append(images, px)
		labels = append(labels, label)
	}
	return images, labels
}
