package figures_test

import "testing"

func TestLogLogFigure(t *testing.T) { checkFigure(t, ExampleLogLog, "diff_error.png") }
