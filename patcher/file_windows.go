//go:build windows

package patcher

import (
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

func preserveOwner(*os.File, fs.FileInfo) error { return nil }

func syncDir(string) {}

// Lock takes an exclusive lock on a lock file beside path, so that two
// whdctl runs on the same install cannot both append.
func Lock(path string, onWait func()) (func(), error) {
	name := filepath.Join(dirOf(path), ".whdctl.lock")
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, &IOError{path, "cannot create the lock file: " + err.Error()}
	}
	ol := new(windows.Overlapped)
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if err == windows.ERROR_LOCK_VIOLATION {
		if onWait != nil {
			onWait()
		}
		err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, ol)
	}
	if err != nil {
		f.Close()
		return nil, &IOError{path, "cannot lock: " + err.Error()}
	}
	return func() {
		windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
		f.Close()
	}, nil
}

func hardLinks(fs.FileInfo) uint64 { return 1 }
