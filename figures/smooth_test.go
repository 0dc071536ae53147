package figures_test

import "testing"

func TestAddSmoothedFigure(t *testing.T) { checkFigure(t, ExampleAddSmoothed, "smoothed_loss.png") }
