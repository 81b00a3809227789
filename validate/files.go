package validate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/install"
	"github.com/whdctl/whdctl/patcher"
)

// Input is one file to validate.
type Input struct {
	Path   string         // as the user gave it; findings name the file this way
	Format patcher.Format // "": recognised by name, then by content
	// Data, when not nil, is the file's content, already read (from standard
	// input): nothing is read from disk, Path only names the file, Format
	// must be given, and the files a wrapper configuration #includes are not
	// followed (WHD111 is not checked).
	Data []byte
	// Windows marks the whd.conf of a Windows install (one that has
	// bin/wrapper/conf/wrapper_template.conf): bash never sources it, so the
	// rules about bash (WHD201, WHD202, WHD204, WHD205, WHD207) and the
	// Microsoft 365 rules on its JAVA_OPTS do not apply. Files sets it itself
	// for a whd.conf found in such a layout.
	Windows bool
}

// FileError is a file that could not be validated: missing, unreadable, a
// folder, too big, binary, empty, or of an unknown format. Message says what
// and what to do; it does not repeat the file name.
type FileError struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

func (e FileError) Error() string { return e.File + ": " + e.Message }

// Result is the outcome of validating files.
type Result struct {
	Files      int               // files read and checked
	Findings   []finding.Finding // sorted by file, line, column, rule
	Errors     []FileError       // files that could not be checked, in input order
	Suppressed int               // findings silenced by whdctl:ignore comments
}

// Files validates the inputs, a bounded number at a time (Options.Workers):
// memory holds at most that many files, whatever their count. A file that
// cannot be read is reported in Result.Errors and the others are still
// checked. When ctx is cancelled, the files not yet started are reported as
// not checked.
func Files(ctx context.Context, inputs []Input, opts Options) *Result {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(inputs))
	type outcome struct {
		res *FileResult
		err *FileError
	}
	out := make([]outcome, len(inputs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i].res, out[i].err = checkInput(inputs[i], opts)
			}
		}()
	}
	next := 0
feed:
	for ; next < len(inputs); next++ {
		select {
		case jobs <- next:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	for i := next; i < len(inputs); i++ {
		out[i].err = &FileError{File: inputs[i].Path, Message: "not checked: " + context.Cause(ctx).Error()}
	}
	res := &Result{Findings: []finding.Finding{}, Errors: []FileError{}}
	for _, o := range out {
		if o.err != nil {
			res.Errors = append(res.Errors, *o.err)
			continue
		}
		res.Files++
		res.Findings = append(res.Findings, o.res.Findings...)
		res.Suppressed += o.res.Suppressed
	}
	finding.Sort(res.Findings)
	return res
}

// Install validates the config files of a WHD install (its
// wrapper_template.conf and whd.conf) for the full diagnose report.
func Install(ctx context.Context, in *install.Install, opts Options) ([]finding.Finding, []FileError) {
	res := Files(ctx, InstallInputs(in), opts)
	return res.Findings, res.Errors
}

// InstallInputs lists the config files of a WHD install as inputs.
func InstallInputs(in *install.Install) []Input {
	var inputs []Input
	for _, f := range in.Files() {
		inputs = append(inputs, Input{Path: f.Path, Format: f.Format, Windows: f.Format == patcher.FormatWhdConf && in.Windows()})
	}
	return inputs
}

// checkInput reads and checks one file.
func checkInput(in Input, opts Options) (*FileResult, *FileError) {
	if in.Data != nil {
		return checkData(in, opts)
	}
	if _, err := os.Stat(in.Path); errors.Is(err, syscall.ELOOP) {
		return nil, &FileError{File: in.Path, Message: "is a symbolic link that points to itself (a loop): fix or remove the link"}
	}
	_, src, _, err := patcher.ReadConfig(in.Path)
	if err != nil {
		if msg := utf16File(in.Path); msg != "" {
			return nil, &FileError{File: in.Path, Message: msg}
		}
		return nil, fileError(in.Path, err)
	}
	if msg := utf16Message(src); msg != "" { // a BOM: no NUL for ReadConfig to refuse yet
		return nil, &FileError{File: in.Path, Message: msg}
	}
	if len(strings.Trim(strings.TrimPrefix(string(src), "\ufeff"), " \t\r\n")) == 0 {
		msg := "is empty: there is nothing to check (a WHD config file is never empty; restore it from a backup or from conf/whd.conf.orig)"
		if len(src) > 0 {
			msg = "holds only blank lines: there is nothing to check (restore it from a backup or from conf/whd.conf.orig)"
		}
		return nil, &FileError{File: in.Path, Message: msg}
	}
	format := in.Format
	if format == "" {
		if format, err = patcher.DetectFormat(in.Path, src); err != nil {
			return nil, fileError(in.Path, err)
		}
	}
	env := checkEnv{windows: in.Windows}
	switch format {
	case patcher.FormatWrapper:
		env.read = readInclude
		env.exists = exists
		env.workDir = patcher.WrapperWorkDir(in.Path)
		if st, err := os.Stat(env.workDir); err == nil && st.IsDir() {
			env.workDirKnown = true
		}
	case patcher.FormatWhdConf:
		if !in.Windows {
			env.windows = windowsLayout(in.Path)
		}
	default:
		return nil, &FileError{File: in.Path, Message: fmt.Sprintf("unknown format %q: use --format wrapper or --format whdconf", format)}
	}
	if fe := shapeError(in.Path, format, src); fe != nil {
		return nil, fe
	}
	return check(in.Path, format, src, opts, env)
}

// shapeError refuses a whd.conf whose shape the shell parser cannot take
// (millions of lines, thousands of nested parentheses).
func shapeError(path string, format patcher.Format, src []byte) *FileError {
	if format != patcher.FormatWhdConf {
		return nil
	}
	if err := whdconf.CheckLimits(src); err != nil {
		return &FileError{File: path, Message: "cannot be checked: " + err.Error()}
	}
	return nil
}

// checkData checks content read beforehand (standard input), with the
// limits of a file on disk.
func checkData(in Input, opts Options) (*FileResult, *FileError) {
	src := in.Data
	switch {
	case len(src) > patcher.MaxFileSize:
		return nil, &FileError{File: in.Path, Message: "is larger than 16 MiB; whdctl reads config files of at most 16 MiB"}
	case utf16Message(src) != "":
		return nil, &FileError{File: in.Path, Message: utf16Message(src)}
	case bytes.IndexByte(src, 0) >= 0:
		return nil, &FileError{File: in.Path, Message: fmt.Sprintf("contains a NUL byte at offset %d: this is a binary file, not a config file", bytes.IndexByte(src, 0))}
	case len(strings.Trim(strings.TrimPrefix(string(src), "\ufeff"), " \t\r\n")) == 0:
		return nil, &FileError{File: in.Path, Message: "is empty (or only blank lines): there is nothing to check"}
	}
	switch in.Format {
	case patcher.FormatWrapper, patcher.FormatWhdConf:
	default:
		return nil, &FileError{File: in.Path, Message: "unknown format: give --format wrapper or --format whdconf"}
	}
	if fe := shapeError(in.Path, in.Format, src); fe != nil {
		return nil, fe
	}
	return check(in.Path, in.Format, src, opts, checkEnv{windows: in.Windows})
}

// fileError turns a read error into a FileError without repeating the path.
func fileError(path string, err error) *FileError {
	var ioe *patcher.IOError
	if errors.As(err, &ioe) {
		return &FileError{File: path, Message: ioe.Msg}
	}
	return &FileError{File: path, Message: strings.TrimPrefix(err.Error(), path+": ")}
}

// readInclude reads a file named by #include with the limits of the main file.
func readInclude(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("is a folder, not a file")
	}
	if st.Size() > patcher.MaxFileSize {
		return nil, fmt.Errorf("is %d bytes; whdctl reads config files of at most 16 MiB", st.Size())
	}
	return os.ReadFile(path)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// windowsLayout reports a whd.conf at <home>/conf/whd.conf of a home that
// also has the Windows wrapper template.
func windowsLayout(path string) bool {
	dir := filepath.Dir(path)
	if filepath.Base(dir) != "conf" {
		return false
	}
	home := filepath.Dir(dir)
	st, err := os.Stat(filepath.Join(home, filepath.FromSlash(install.WrapperTemplatePath)))
	return err == nil && st.Mode().IsRegular()
}
