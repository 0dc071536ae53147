package check

// boundRule is a one-sided claim: 0.94<!--=acc >--> holds when the value
// is above 0.94 (the prose says "above 0.94"). Its op is "<", "<=", ">"
// or ">="; the comment may write ≤ and ≥ too.
type boundRule struct {
	op    string
	alias string // the other way to write op, or ""
	key   string // its words
	holds func(x, w float64) bool
}

func init() {
	Register("<", boundRule{"<", "", "rule.lt", func(x, w float64) bool { return x < w }})
	Register("<=", boundRule{"<=", "≤", "rule.le", func(x, w float64) bool { return x <= w }})
	Register(">", boundRule{">", "", "rule.gt", func(x, w float64) bool { return x > w }})
	Register(">=", boundRule{">=", "≥", "rule.ge", func(x, w float64) bool { return x >= w }})
}

func (r boundRule) Parse(spec string) (any, bool, error) {
	return nil, spec == r.op || r.alias != "" && spec == r.alias, nil
}

func (boundRule) Follow(c *Claim, before string) (int, bool, error) { return followNumber(c, before) }

func (r boundRule) Holds(c *Claim, x float64) bool { return r.holds(x, c.Written.Value()) }

func (r boundRule) Describe(c *Claim, p Printer) string { return p.F(r.key, c.Written.Text) }
