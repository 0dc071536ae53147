package figures_test

import "testing"

func TestTilesFigure(t *testing.T) { checkFigure(t, ExampleTiles, "tiles.png") }
