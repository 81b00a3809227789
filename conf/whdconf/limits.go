package whdconf

import "fmt"

// The shell parser recurses once per nested command substitution or group
// and once per comment line in a row, and Go cannot recover from a stack
// overflow. A whd.conf is a few hundred lines of plain assignments, so
// whdctl refuses shapes far beyond any real one before parsing.
const (
	// MaxLines is the most lines a whd.conf may have.
	MaxLines = 1_000_000
	// MaxNesting is the deepest nesting of ( and { a whd.conf may have.
	MaxNesting = 2_000
)

// CheckLimits refuses input whose shape would exhaust the parser; Parse
// returns its error.
func CheckLimits(src []byte) error {
	lines, depth, deepest, deepLine, line := 0, 0, 0, 0, 1
	for _, b := range src {
		switch b {
		case '\n':
			lines++
			line++
		case '(', '{':
			depth++
			if depth > deepest {
				deepest, deepLine = depth, line
			}
		case ')', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	switch {
	case lines > MaxLines:
		return fmt.Errorf("the file has %d lines; a whd.conf has a few hundred, and whdctl reads at most %d", lines, MaxLines)
	case deepest > MaxNesting:
		return fmt.Errorf("line %d nests parentheses or braces %d deep; a whd.conf needs a few, and whdctl reads at most %d", deepLine, deepest, MaxNesting)
	}
	return nil
}
