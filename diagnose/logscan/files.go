package logscan

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Input is one file to scan.
type Input struct {
	Path string
	Size int64 // on disk (compressed size for .gz)
}

// Expand turns the paths given on the command line into files: files as
// they are, folders walked (hidden entries skipped, symbolic links
// followed: a log folder moved to another disk is often linked), each file
// once, in order. Paths that cannot be read are returned as errors.
func Expand(paths []string) ([]Input, []FileError) {
	var out []Input
	var errs []FileError
	seen := map[string]bool{}
	addFile := func(p string, size int64) {
		if !seen[p] {
			seen[p] = true
			out = append(out, Input{Path: p, Size: size})
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, FileError{Path: p, Error: describe(err)})
			continue
		}
		if !st.IsDir() {
			addFile(p, st.Size())
			continue
		}
		var found []Input
		walkFollow(p, map[string]bool{}, &found, &errs)
		sort.Slice(found, func(i, j int) bool { return found[i].Path < found[j].Path })
		for _, f := range found {
			addFile(f.Path, f.Size)
		}
	}
	return out, errs
}

// walkFollow adds the regular files under dir to found, following
// symbolic links to files and folders; a folder already walked (a link
// loop, or two links to one folder) is walked once.
func walkFollow(dir string, seen map[string]bool, found *[]Input, errs *[]FileError) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		*errs = append(*errs, FileError{Path: dir, Error: describe(err)})
		return
	}
	if seen[real] {
		return
	}
	seen[real] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		*errs = append(*errs, FileError{Path: dir, Error: describe(err)})
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		mode := e.Type()
		var size int64
		if mode&fs.ModeSymlink != 0 || mode.IsRegular() {
			st, err := os.Stat(path) // follows a link
			if err != nil {
				*errs = append(*errs, FileError{Path: path, Error: describe(err)})
				continue
			}
			mode, size = st.Mode().Type(), st.Size()
		}
		switch {
		case mode.IsDir():
			walkFollow(path, seen, found, errs)
		case mode.IsRegular():
			*found = append(*found, Input{Path: path, Size: size})
		}
	}
}

func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied (run as a user that can read WHD's logs)"
	}
	return err.Error()
}

// readCounter reports bytes as they are read from the file, for progress.
type readCounter struct {
	r      io.Reader
	onRead func(int64)
}

func (c readCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 && c.onRead != nil {
		c.onRead(int64(n))
	}
	return n, err
}

// gzipMagic starts every gzip stream; files are recognised by content, not name.
var gzipMagic = []byte{0x1f, 0x8b}

// ScanFile opens path, decompresses it when it is gzip, and scans it.
// onRead (may be nil) gets the bytes read from disk.
func ScanFile(ctx context.Context, s *Scanner, path string, onRead func(int64)) error {
	f, err := openCtx(ctx, path)
	if err != nil {
		return err
	}
	defer f.Close()
	// A pipe or FIFO whose writer stays open can block a read for ever:
	// when ctx ends, its pending read returns (a regular file's reads
	// always return, and take no deadline).
	stop := context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Now()) })
	defer stop()
	br := bufio.NewReaderSize(readCounter{f, onRead}, 1<<16)
	head, err := br.Peek(2)
	if err != nil && err != io.EOF {
		return fmt.Errorf("read: %s", describe(err))
	}
	var r io.Reader = br
	if len(head) == 2 && head[0] == gzipMagic[0] && head[1] == gzipMagic[1] {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("not a valid gzip file: %v", err)
		}
		defer zr.Close()
		r = zr
	}
	if err := s.Scan(ctx, path, r); err != nil {
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			return errors.New("gzip data is cut short (the file is incomplete); the part before the cut was scanned")
		case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
			return fmt.Errorf("gzip data is damaged (%v); the part before the damage was scanned", err)
		case errors.Is(err, ErrBinary), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return err
		}
		return fmt.Errorf("read: %s", describe(err))
	}
	return nil
}

// openCtx opens path for reading, giving up when ctx ends: opening a FIFO
// blocks until a writer opens it. The open then goes on in the background
// and its file is closed when it returns; it touches nothing else.
func openCtx(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	select {
	case o := <-ch:
		if o.err != nil {
			return nil, errors.New(describe(o.err))
		}
		return o.f, nil
	case <-ctx.Done():
		go func() {
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// ScanAll scans every input in order, recording unreadable ones in the
// report. It stops early only when ctx ends.
func ScanAll(ctx context.Context, s *Scanner, inputs []Input, onRead func(int64)) error {
	for _, in := range inputs {
		if err := ScanFile(ctx, s, in.Path, onRead); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.AddError(in.Path, err)
		}
	}
	return nil
}
