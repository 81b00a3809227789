package whdconf

import (
	"strings"
	"testing"
)

// Shapes that would overflow the shell parser's stack (a fatal error in Go)
// are refused with a message; shapes just inside the limits parse.
func TestParseLimits(t *testing.T) {
	head := "DEFAULT_PORT=8081\n"
	for _, tt := range []struct {
		name, src, err string
	}{
		{"many comment lines", head + strings.Repeat("#\n", MaxLines), "lines"},
		{"deep command substitution", head + "X=" + strings.Repeat("$(", MaxNesting+1) + "\n", "nests parentheses or braces"},
		{"deep quoted substitution", head + "X=" + strings.Repeat(`"$(`, MaxNesting+1) + "\n", "line 2 nests"},
	} {
		if _, err := Parse([]byte(tt.src)); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.err)
		}
	}
	ok := head + strings.Repeat("# a comment\n", 100_000) + "X=" + strings.Repeat("$(", 100) + "true" + strings.Repeat(")", 100) + "\n"
	f, err := Parse([]byte(ok))
	if err != nil || f.SyntaxErr != nil {
		t.Fatalf("a file inside the limits: %v, %v", err, f.SyntaxErr)
	}
}
