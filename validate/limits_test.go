package validate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/patcher"
)

// A whd.conf shaped to exhaust the shell parser (it would crash the process
// with a stack overflow) is reported as a file that cannot be checked, and
// the other files are still checked.
func TestFilesRefuseParserExhaustingShapes(t *testing.T) {
	dir := t.TempDir()
	deep := filepath.Join(dir, "whd.conf")
	if err := os.WriteFile(deep, []byte("DEFAULT_PORT=8081\nX="+strings.Repeat("$(", whdconf.MaxNesting+1)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good_whd.conf")
	if err := os.WriteFile(good, []byte("DEFAULT_PORT=8081\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lines := "DEFAULT_PORT=8081\n" + strings.Repeat("#\n", whdconf.MaxLines)
	res := Files(context.Background(), []Input{{Path: deep}, {Path: good}, {Path: "stdin", Data: []byte(lines), Format: patcher.FormatWhdConf}}, Options{})
	if res.Files != 1 || len(res.Errors) != 2 {
		t.Fatalf("files %d, errors %+v", res.Files, res.Errors)
	}
	if !strings.Contains(res.Errors[0].Message, "nests parentheses") || !strings.Contains(res.Errors[1].Message, "lines") {
		t.Fatalf("errors %+v", res.Errors)
	}
}

// Check, the library entry, refuses the same shapes.
func TestCheckRefusesParserExhaustingShapes(t *testing.T) {
	src := []byte("DEFAULT_PORT=8081\nX=" + strings.Repeat("$(", whdconf.MaxNesting+1) + "\n")
	if _, err := Check("whd.conf", patcher.FormatWhdConf, src, Options{}); err == nil || !strings.Contains(err.Error(), "nests parentheses") {
		t.Fatalf("err = %v", err)
	}
}
