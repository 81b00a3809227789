package logscan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A log folder given as a symbolic link (logs moved to another disk), a
// linked file and a linked folder inside it are read; a link loop is
// walked once; a dangling link is an error naming it; hidden entries are
// skipped.
func TestExpandFollowsLinks(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	other := filepath.Join(base, "other")
	for _, d := range []string{real, other, filepath.Join(real, ".hidden")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p string) {
		if err := os.WriteFile(p, []byte("2026-12-04 10:00:00 ERROR x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(real, "whd.log"))
	write(filepath.Join(real, ".hidden", "h.log"))
	write(filepath.Join(other, "moved.log"))
	link := func(target, name string) {
		if err := os.Symlink(target, name); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	link(real, filepath.Join(base, "logs"))
	link(other, filepath.Join(real, "archive"))
	link(filepath.Join(other, "moved.log"), filepath.Join(real, "current.log"))
	link(real, filepath.Join(real, "loop"))
	link(filepath.Join(base, "missing.log"), filepath.Join(real, "dangling.log"))

	files, errs := Expand([]string{filepath.Join(base, "logs")})
	var got []string
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join(base, "logs"), f.Path)
		got = append(got, filepath.ToSlash(rel))
	}
	want := "archive/moved.log current.log whd.log"
	if strings.Join(got, " ") != want {
		t.Errorf("files %v, want %s", got, want)
	}
	if len(errs) != 1 || !strings.HasSuffix(errs[0].Path, "dangling.log") {
		t.Errorf("errors %+v, want the dangling link", errs)
	}
}
