package figures_test

import "testing"

func TestQuiverFigure(t *testing.T) { checkFigure(t, ExampleQuiver, "quiver.png") }
