package patcher

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aymanbagabas/go-udiff"
	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/conf/wrapperconf"
)

// ApplyOptions control Apply.
type ApplyOptions struct {
	Format   Format // "" = detect
	DryRun   bool   // plan only; write nothing
	NoBackup bool
	Diff     bool // compute a unified diff
	// Verify, when set, is given the file as it is and as it would be
	// written, before anything is written (in a dry run too); an error it
	// returns is Apply's error and nothing is written.
	Verify func(format Format, before, after []byte) error
	// OnWait is called when another run holds the install's lock and
	// Apply has to wait for it.
	OnWait func()
}

// Report is what Apply did. Its JSON keys are part of the interface contract.
type Report struct {
	File       string   `json:"file"`
	Format     Format   `json:"format"`
	Changed    bool     `json:"changed"`
	DryRun     bool     `json:"dry_run"`
	BackupFile string   `json:"backup_file"`
	Actions    []Action `json:"actions"`
	Warnings   []string `json:"warnings"`
	Diff       string   `json:"diff"`
	Symlink    string   `json:"symlink,omitempty"` // the link named on the command line, when File is its target
}

// Apply patches the file at path: read (following a symlink), lock, plan,
// and write only when something changes.
func Apply(path string, req Request, opts ApplyOptions) (*Report, error) {
	real, _, _, err := ReadConfig(path)
	if err != nil {
		return nil, err
	}
	unlock := func() {}
	if !opts.DryRun {
		if unlock, err = Lock(real, opts.OnWait); err != nil {
			return nil, err
		}
	}
	defer unlock()
	// Read again under the lock: another run may have just written it.
	real, src, info, err := ReadConfig(path)
	if err != nil {
		return nil, err
	}
	if len(bytes.Trim(bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF")), " \t\r\n")) == 0 {
		// A WHD config file is never empty: it was cut short or emptied.
		// The five settings alone would leave WHD unable to start.
		what := "is empty"
		if len(src) > 0 {
			what = "holds only blank lines"
		}
		from := "conf/whd.conf.orig"
		if f, _ := DetectFormat(path, src); f == FormatWrapper || opts.Format == FormatWrapper {
			from = "the wrapper_template.conf of the same WHD version"
		}
		return nil, &IOError{path, what + ": a real WHD config file always holds settings, so whdctl does not patch it; restore it from a backup (or " + from + "), then run whdctl again"}
	}
	format := opts.Format
	if format == "" {
		if format, err = DetectFormat(path, src); err != nil {
			return nil, err
		}
	} else if err := CheckForcedFormat(path, src, format); err != nil {
		return nil, err
	}
	rep := &Report{File: real, Format: format, DryRun: opts.DryRun, Actions: []Action{}, Warnings: []string{}}
	if abs, _ := filepath.Abs(path); abs != real {
		if li, err := os.Lstat(path); err == nil && li.Mode()&os.ModeSymlink != 0 {
			rep.Symlink = path
			rep.Warnings = append(rep.Warnings, path+" is a symbolic link: editing its target "+real)
		}
	}
	var res *Result
	switch format {
	case FormatWrapper:
		res, err = PatchWrapper(WrapperInput{Src: src, ConfPath: real, Read: readInclude}, req)
	case FormatWhdConf:
		res, err = PatchWhdConf(src, req)
	default:
		return nil, &InputError{Msg: "unknown format " + string(format) + " (want wrapper or whdconf)"}
	}
	if err != nil {
		return nil, err
	}
	if opts.Verify != nil && res.Changed {
		if err := opts.Verify(format, src, res.Output); err != nil {
			return nil, err
		}
	}
	rep.Actions = append(rep.Actions, res.Actions...)
	rep.Warnings = append(rep.Warnings, res.Warnings...)
	rep.Changed = res.Changed
	if opts.Diff && res.Changed {
		rep.Diff = udiff.Unified("a/"+filepath.Base(real), "b/"+filepath.Base(real), string(src), string(res.Output))
	}
	if !res.Changed || opts.DryRun {
		return rep, nil
	}
	if n := hardLinks(info); n > 1 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s has %d hard links: whdctl writes a new file, so the other names keep the old content", real, n))
	}
	rep.BackupFile, err = WriteAtomic(real, res.Output, src, info, WriteOptions{NoBackup: opts.NoBackup})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// readInclude reads an included file with the same limits as the main file.
func readInclude(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxFileSize {
		return nil, &IOError{path, "included file larger than 16 MiB"}
	}
	return os.ReadFile(path)
}

// CurrentValues returns the values the JVM gets today for the -D
// properties of the file at path, the way WHD's start would read them:
// for the wrapper format, the live additional entries of the file and of
// its includes (the last one wins); for whd.conf, the effective JAVA_OPTS.
// A whd.conf whose JAVA_OPTS whdctl cannot work out gives an empty map.
func CurrentValues(path string, format Format) (map[string]string, error) {
	real, src, _, err := ReadConfig(path)
	if err != nil {
		return nil, err
	}
	if format == "" {
		if format, err = DetectFormat(path, src); err != nil {
			return nil, err
		}
	}
	switch format {
	case FormatWrapper:
		f := wrapperconf.Parse(src)
		return wrapperconf.Load(f, WrapperWorkDir(real), readInclude).Additional().Effective(), nil
	case FormatWhdConf:
		f, err := whdconf.Parse(src)
		if err != nil {
			return nil, &ParseError{Msg: err.Error()}
		}
		out := map[string]string{}
		if f.SyntaxErr == nil {
			for k, v := range f.JavaOpts().Props() {
				out[k] = v
			}
		}
		return out, nil
	}
	return nil, &InputError{Msg: "unknown format " + string(format) + " (want wrapper or whdconf)"}
}
