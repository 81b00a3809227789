//go:build !windows

package patcher

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

func preserveOwner(f *os.File, info fs.FileInfo) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok || os.Geteuid() != 0 {
		return nil
	}
	return f.Chown(int(st.Uid), int(st.Gid))
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Lock takes an exclusive lock on the folder of path, so that two whdctl
// runs on the same install cannot both append. It blocks until the lock is
// free (calling onWait, if not nil, when it has to wait) and returns the
// function that releases it.
func Lock(path string, onWait func()) (func(), error) {
	d, err := os.Open(dirOf(path))
	if err != nil {
		return nil, &IOError{path, "cannot lock its folder: " + err.Error()}
	}
	err = syscall.Flock(int(d.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		if onWait != nil {
			onWait()
		}
		err = syscall.Flock(int(d.Fd()), syscall.LOCK_EX)
	}
	if err != nil {
		d.Close()
		return nil, &IOError{path, "cannot lock its folder: " + err.Error()}
	}
	return func() {
		syscall.Flock(int(d.Fd()), syscall.LOCK_UN)
		d.Close()
	}, nil
}

// hardLinks returns the number of names the file has.
func hardLinks(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
