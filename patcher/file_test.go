package patcher

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func writeTemp(t *testing.T, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func backups(t *testing.T, dir string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "*.whdctl-*.bak"))
	return m
}

func TestApplyWritesOnceKeepsModeAndBackup(t *testing.T) {
	orig := "#encoding=UTF-8\r\nwrapper.java.additional.1=-Da=1\r\n"
	p := writeTemp(t, "wrapper_template.conf", orig, 0o640)
	was := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	os.Chtimes(p, was, was)
	rep, err := Apply(p, Request{Set: m365}, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Changed || rep.BackupFile == "" {
		t.Fatalf("report %+v", rep)
	}
	if b, _ := os.ReadFile(rep.BackupFile); string(b) != orig {
		t.Errorf("backup holds %q", b)
	}
	if bst, _ := os.Stat(rep.BackupFile); !bst.ModTime().Equal(was) {
		t.Errorf("backup mtime %v, want the original's %v", bst.ModTime(), was)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
	// A second run writes nothing: same bytes, same mtime, no new backup.
	old := time.Now().Add(-time.Hour)
	os.Chtimes(p, old, old)
	before, _ := os.ReadFile(p)
	rep2, err := Apply(p, Request{Set: m365}, ApplyOptions{})
	if err != nil || rep2.Changed {
		t.Fatalf("second run: %+v %v", rep2, err)
	}
	st2, _ := os.Stat(p)
	after, _ := os.ReadFile(p)
	if !st2.ModTime().Equal(old) {
		t.Errorf("mtime %v, want untouched %v", st2.ModTime(), old)
	}
	if !bytes.Equal(before, after) || len(backups(t, filepath.Dir(p))) != 1 {
		t.Errorf("second run changed the file or made a backup")
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(p), ".*whdctl-tmp*"))
	if len(leftovers) != 0 {
		t.Errorf("temp files left: %v", leftovers)
	}
}

func TestApplyDryRunAndNoBackup(t *testing.T) {
	p := writeTemp(t, "wrapper.conf", "wrapper.java.additional.1=-Da=1\n", 0o644)
	rep, err := Apply(p, Request{Set: m365}, ApplyOptions{DryRun: true, Diff: true})
	if err != nil || !rep.Changed || rep.Diff == "" {
		t.Fatalf("dry run: %+v %v", rep, err)
	}
	if b, _ := os.ReadFile(p); string(b) != "wrapper.java.additional.1=-Da=1\n" {
		t.Error("dry run wrote the file")
	}
	if _, err := Apply(p, Request{Set: m365}, ApplyOptions{NoBackup: true}); err != nil {
		t.Fatal(err)
	}
	if n := len(backups(t, filepath.Dir(p))); n != 0 {
		t.Errorf("%d backups with --no-backup", n)
	}
}

func TestApplyConcurrentRunsDoNotBothAppend(t *testing.T) {
	src, err := os.ReadFile("../fixtures/windows/bin/wrapper/conf/wrapper_template.conf")
	if err != nil {
		t.Fatal(err)
	}
	want, err := PatchWrapper(WrapperInput{Src: src}, Request{Set: m365})
	if err != nil {
		t.Fatal(err)
	}
	p := writeTemp(t, "wrapper_template.conf", string(src), 0o644)
	var wg sync.WaitGroup
	changed := make(chan bool, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep, err := Apply(p, Request{Set: m365}, ApplyOptions{})
			if err != nil {
				t.Error(err)
				return
			}
			changed <- rep.Changed
		}()
	}
	wg.Wait()
	close(changed)
	n := 0
	for c := range changed {
		if c {
			n++
		}
	}
	got, _ := os.ReadFile(p)
	if !bytes.Equal(got, want.Output) {
		t.Errorf("concurrent runs produced another file (%d bytes, want %d)", len(got), len(want.Output))
	}
	if n != 1 || len(backups(t, filepath.Dir(p))) != 1 {
		t.Errorf("%d runs changed the file and %d backups, want 1 and 1", n, len(backups(t, filepath.Dir(p))))
	}
}

func TestApplySymlinkEditsTarget(t *testing.T) {
	p := writeTemp(t, "real.conf", "wrapper.java.additional.1=-Da=1\n", 0o644)
	link := filepath.Join(filepath.Dir(p), "wrapper_template.conf")
	if err := os.Symlink(p, link); err != nil {
		t.Fatal(err)
	}
	rep, err := Apply(link, Request{Set: m365}, ApplyOptions{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.File != p || rep.Symlink != link {
		t.Errorf("file %q symlink %q", rep.File, rep.Symlink)
	}
	if li, _ := os.Lstat(link); li.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
}

func TestApplyBadInput(t *testing.T) {
	dir := t.TempDir()
	ro := writeTemp(t, "ro.conf", "wrapper.java.additional.1=-Da=1\n", 0o444)
	big := filepath.Join(dir, "big.conf")
	f, _ := os.Create(big)
	f.Truncate(MaxFileSize + 1)
	f.Close()
	bin := writeTemp(t, "bin.conf", "wrapper.\x00\x01", 0o644)
	for name, path := range map[string]string{"missing": filepath.Join(dir, "nope.conf"), "dir": dir, "readonly": ro, "big": big, "binary": bin} {
		_, err := Apply(path, Request{Set: m365}, ApplyOptions{})
		var ioe *IOError
		if !errors.As(err, &ioe) {
			t.Errorf("%s: err = %v, want an IOError", name, err)
		}
	}
	if b, _ := os.ReadFile(ro); string(b) != "wrapper.java.additional.1=-Da=1\n" {
		t.Error("read-only file changed")
	}
}

// TestApplyRefusesEmptyAndUTF16: a config file cut to nothing, or saved as
// UTF-16, is an IOError with its own message, and it stays as it is.
func TestApplyRefusesEmptyAndUTF16(t *testing.T) {
	for name, tc := range map[string]struct{ content, msg string }{
		"whd.conf":                {"", "is empty"},
		"wrapper_template.conf":   {"\r\n\r\n", "holds only blank lines"},
		"u16/whd.conf":            {"\xff\xfeD\x00E\x00F\x00=\x001\x00\n\x00", "UTF-16 (little-endian, with a byte order mark)"},
		"u16be/whd.conf":          {"\x00J\x00A\x00V\x00A\x00_\x00O\x00P\x00T\x00S\x00=\x00x\x00\n", "UTF-16 (big-endian, without a byte order mark)"},
		"u32/whd.conf":            {"\xff\xfe\x00\x00D\x00\x00\x00=\x00\x00\x00", "UTF-32 (little-endian, with a byte order mark)"},
		"w/wrapper_template.conf": {"", "the wrapper_template.conf of the same WHD version"},
	} {
		p := filepath.Join(t.TempDir(), name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Apply(p, Request{Set: m365}, ApplyOptions{})
		var ioe *IOError
		if !errors.As(err, &ioe) || !bytes.Contains([]byte(err.Error()), []byte(tc.msg)) {
			t.Errorf("%s %q: err = %v, want an IOError saying %q", name, tc.content, err, tc.msg)
		}
		if b, _ := os.ReadFile(p); string(b) != tc.content {
			t.Errorf("%s changed", name)
		}
		if bs := backups(t, filepath.Dir(p)); len(bs) != 0 {
			t.Errorf("%s: backups %v", name, bs)
		}
	}
}

// TestWriteAtomicFailureLeavesNoBackup: when the file cannot be replaced,
// the backup made for it is removed and none is reported.
func TestWriteAtomicFailureLeavesNoBackup(t *testing.T) {
	dir := t.TempDir()
	src := writeTemp(t, "model.conf", "A=1\n", 0o644)
	info, err := os.Stat(src)
	if err != nil {
		t.Fatal(err)
	}
	// A non-empty folder where the file should be: the rename fails.
	target := filepath.Join(dir, "whd.conf")
	if err := os.MkdirAll(filepath.Join(target, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	backup, err := WriteAtomic(target, []byte("A=2\n"), []byte("A=1\n"), info, WriteOptions{})
	if err == nil {
		t.Fatal("no error")
	}
	if backup != "" {
		t.Errorf("backup %q reported after a failed write", backup)
	}
	if bs := backups(t, dir); len(bs) != 0 {
		t.Errorf("backups left: %v", bs)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".whd.conf.whdctl-tmp-*")); len(m) != 0 {
		t.Errorf("temp files left: %v", m)
	}
}

// TestApplySaysWhenItWaits: a run that finds the install locked by another
// says so (OnWait) and goes on once the lock is free.
func TestApplySaysWhenItWaits(t *testing.T) {
	p := writeTemp(t, "whd.conf", "DEFAULT_PORT=8081\n", 0o644)
	unlock, err := Lock(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := Apply(p, Request{Set: m365}, ApplyOptions{NoBackup: true, OnWait: func() { close(waited) }})
		done <- err
	}()
	select {
	case <-waited:
	case err := <-done:
		t.Fatalf("Apply ended while the lock was held: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("OnWait was not called")
	}
	unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); !bytes.Contains(b, []byte("-DAzureTokenURL=")) {
		t.Errorf("not patched after the wait: %q", b)
	}
}
