package figures_test

import "testing"

func TestNewDigitsFigure(t *testing.T) { checkFigure(t, ExampleNewDigits, "digits.png") }
