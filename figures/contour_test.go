package figures_test

import "testing"

func TestAddContourFigure(t *testing.T) { checkFigure(t, ExampleAddContour, "contour.png") }
