package patcher

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/whdctl/whdctl/internal/lazyre"
)

// MaxFileSize is the largest config file whdctl reads.
const MaxFileSize = 16 << 20

// Format of a WHD config file.
type Format string

const (
	FormatWrapper Format = "wrapper"
	FormatWhdConf Format = "whdconf"
)

// IOError is a file problem (exit 3): missing, unreadable, not a regular
// file, too big, not text, cannot be written.
type IOError struct {
	Path string
	Msg  string
}

func (e *IOError) Error() string { return e.Path + ": " + e.Msg }

// ReadConfig reads a config file for editing or checking: it must be a
// regular file (a symlink is followed), at most MaxFileSize, and text.
// It returns the real path (the symlink's target) and the bytes.
func ReadConfig(path string) (real string, src []byte, info fs.FileInfo, err error) {
	real, err = filepath.EvalSymlinks(path)
	if err != nil {
		if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			if errors.Is(err, fs.ErrNotExist) {
				return "", nil, nil, &IOError{path, fmt.Sprintf("is a symbolic link to %s, which does not exist: fix the link or name the real file", target)}
			}
			return "", nil, nil, &IOError{path, "is a symbolic link that cannot be followed (a loop of links?): name the real file"}
		}
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, nil, &IOError{path, "no such file (check the path, or use --whd-home to point at the WHD folder)"}
		}
		if errors.Is(err, fs.ErrPermission) {
			return "", nil, nil, &IOError{path, "permission denied on the path: run whdctl as a user who can read it"}
		}
		return "", nil, nil, &IOError{path, err.Error()}
	}
	info, err = os.Stat(real)
	if err != nil {
		return "", nil, nil, &IOError{path, err.Error()}
	}
	if info.IsDir() {
		return "", nil, nil, &IOError{path, "is a folder, not a config file (use --whd-home for a WHD folder)"}
	}
	if !info.Mode().IsRegular() {
		return "", nil, nil, &IOError{path, "is not a regular file"}
	}
	if info.Size() > MaxFileSize {
		return "", nil, nil, &IOError{path, fmt.Sprintf("is %d bytes; whdctl reads config files of at most 16 MiB", info.Size())}
	}
	src, err = os.ReadFile(real)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return "", nil, nil, &IOError{path, "permission denied: run whdctl as a user who can read it (for example with sudo, or as Administrator)"}
		}
		return "", nil, nil, &IOError{path, err.Error()}
	}
	if len(src) > MaxFileSize {
		return "", nil, nil, &IOError{path, "is larger than 16 MiB"}
	}
	if msg := notText(src); msg != "" {
		return "", nil, nil, &IOError{path, msg}
	}
	return real, src, info, nil
}

// notText explains why src is not a text config file ("" when it is).
func notText(src []byte) string {
	if msg := UTF16Message(src); msg != "" {
		return msg
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return fmt.Sprintf("contains a NUL byte at offset %d: this is a binary file, not a config file", i)
	}
	if !utf8.Valid(src) {
		// ISO-8859-1 files are legal for the wrapper; allow them when they
		// are mostly printable.
		bad := 0
		for _, c := range src {
			if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
				bad++
			}
		}
		if bad > len(src)/100+1 {
			return "does not look like a text file (control bytes and invalid UTF-8)"
		}
	}
	return ""
}

// DetectFormat tells the format from the file name, then the content.
func DetectFormat(path string, src []byte) (Format, error) {
	base := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasPrefix(base, "wrapper") && strings.Contains(base, ".conf"):
		return FormatWrapper, nil
	case strings.HasPrefix(base, "whd.conf"):
		return FormatWhdConf, nil
	}
	s := string(src)
	lower := strings.ToLower(s)
	switch {
	case strings.Contains(lower, "wrapper.java.") || strings.Contains(lower, "\nwrapper.") || strings.HasPrefix(lower, "wrapper."):
		return FormatWrapper, nil
	case strings.Contains(s, "JAVA_OPTS") || strings.Contains(s, "DEFAULT_PORT") || strings.Contains(s, "HTTPS_PORT") || strings.Contains(s, "JAVA_HOME="):
		return FormatWhdConf, nil
	}
	return "", &IOError{path, "cannot tell whether this is a wrapper_template.conf or a whd.conf (no wrapper.* keys, no JAVA_OPTS or port settings); use --format wrapper or --format whdconf"}
}

// WriteOptions control how a changed file is written.
type WriteOptions struct {
	NoBackup bool
	Now      func() time.Time
}

// WriteAtomic replaces path (the real path, not a symlink) with data: a
// temp file in the same folder, the original's permissions and owner, fsync,
// rename, fsync of the folder. When opts.NoBackup is false, the original is
// first copied to path.whdctl-YYYYMMDD-HHMMSS.bak; the backup name is returned.
func WriteAtomic(path string, data []byte, orig []byte, info fs.FileInfo, opts WriteOptions) (backup string, err error) {
	dir := filepath.Dir(path)
	if info.Mode().Perm()&0o222 == 0 {
		return "", &IOError{path, fmt.Sprintf("is read-only (mode %v): make it writable first (chmod u+w, or clear the Read-only attribute), then run whdctl again", info.Mode().Perm())}
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	// The temp file first: it tells whether the folder is writable before a
	// backup is attempted there.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".whdctl-tmp-*")
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return "", &IOError{path, "cannot write in its folder " + dir + ": permission denied (whdctl replaces the file through a new file in the same folder): run whdctl as a user who can write there, for example with sudo or as Administrator"}
		}
		return "", &IOError{path, "cannot write in its folder " + dir + ": " + err.Error()}
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			os.Remove(tmpName)
			// The file was not replaced: a backup of it would be a copy
			// of a file that is still there, reported nowhere.
			if backup != "" {
				os.Remove(backup)
				backup = ""
			}
		}
	}()
	if !opts.NoBackup {
		backup, err = writeBackup(path, orig, info, now())
		if err != nil {
			tmp.Close()
			return "", err
		}
	}
	if _, err = tmp.Write(data); err != nil {
		tmp.Close()
		return backup, &IOError{path, "writing: " + err.Error()}
	}
	if err = preserveOwner(tmp, info); err != nil {
		tmp.Close()
		return backup, &IOError{path, "keeping the owner: " + err.Error()}
	}
	if err = tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return backup, &IOError{path, "keeping the permissions: " + err.Error()}
	}
	if err = tmp.Sync(); err != nil {
		tmp.Close()
		return backup, &IOError{path, "fsync: " + err.Error()}
	}
	if err = tmp.Close(); err != nil {
		return backup, &IOError{path, err.Error()}
	}
	if err = os.Rename(tmpName, path); err != nil {
		msg := "replacing the file: " + err.Error()
		if errors.Is(err, fs.ErrPermission) {
			msg += " (an immutable or append-only file? lsattr shows it; chattr -i removes it)"
		}
		return backup, &IOError{path, msg}
	}
	syncDir(dir)
	return backup, nil
}

func writeBackup(path string, orig []byte, info fs.FileInfo, t time.Time) (string, error) {
	base := path + ".whdctl-" + t.UTC().Format("20060102-150405")
	name := base + ".bak"
	for i := 2; ; i++ {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
		if errors.Is(err, fs.ErrExist) {
			name = fmt.Sprintf("%s-%d.bak", base, i)
			continue
		}
		if err != nil {
			return "", &IOError{path, "cannot write the backup: " + err.Error() + " (use --no-backup to skip it)"}
		}
		_, err = f.Write(orig)
		if err == nil {
			err = preserveOwner(f, info)
		}
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(name)
			return "", &IOError{path, "writing the backup: " + err.Error()}
		}
		// The backup is the file as it was: its modification time too, so
		// that it sorts and compares as the original did.
		_ = os.Chtimes(name, time.Time{}, info.ModTime())
		return name, nil
	}
}

func dirOf(path string) string { return filepath.Dir(path) }

var (
	wrapperKeyLine = lazyre.New(`(?mi)^[ \t]*wrapper\.[a-z0-9_.]+[ \t]*=`)
	whdConfLine    = lazyre.New(`(?m)^[ \t]*(export[ \t]+)?(JAVA_OPTS|JAVA_HOME|DEFAULT_PORT|HTTPS_PORT|URL_DEFAULT_PORT|URL_HTTPS_PORT|MINIMUM_MEMORY|MAXIMUM_MEMORY|KEYSTORE_FILE|TOMCAT_SERVER_PORT|PRIVILEGED_NETWORKS)\+?=`)
)

// CheckForcedFormat refuses a --format that the content contradicts: a file
// with whd.conf settings and no wrapper.* key forced to wrapper, or the
// reverse. Writing one format's lines into the other breaks the file.
func CheckForcedFormat(path string, src []byte, forced Format) error {
	hasWrapper := wrapperKeyLine().Match(src)
	whd := whdConfLine().Find(src)
	switch {
	case forced == FormatWrapper && !hasWrapper && whd != nil:
		return &InputError{Msg: fmt.Sprintf("%s looks like a whd.conf (%q) and has no wrapper.* keys, so it is not a wrapper configuration: drop --format wrapper, or name the right file", path, strings.TrimSpace(string(whd)))}
	case forced == FormatWhdConf && hasWrapper && whd == nil:
		return &InputError{Msg: fmt.Sprintf("%s has wrapper.* keys and no whd.conf settings, so it is not a whd.conf: drop --format whdconf, or name the right file", path)}
	}
	return nil
}
