package patcher

import (
	"errors"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/conf/whdconf"
)

// patch-conf refuses a whd.conf that would exhaust the shell parser with a
// read error, not a crash.
func TestPatchWhdConfRefusesParserExhaustingShapes(t *testing.T) {
	src := []byte("DEFAULT_PORT=8081\n" + strings.Repeat("#\n", whdconf.MaxLines) + "JAVA_OPTS=\"-Xmx1g\"\n")
	_, err := PatchWhdConf(src, Request{Set: Clouds[0].Settings()})
	var pe *ParseError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "whdctl reads at most") {
		t.Fatalf("err = %v", err)
	}
}
