//go:build unix

package logscan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO with no writer blocks the open, and one whose writer stays open
// blocks the read: both end when ctx does (--timeout), instead of never.
func TestScanFileFIFOEndsWithContext(t *testing.T) {
	dir := t.TempDir()
	for _, writer := range []bool{false, true} {
		p := filepath.Join(dir, map[bool]string{false: "nowriter", true: "writer"}[writer])
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		if writer {
			w, err := os.OpenFile(p, os.O_RDWR, 0) // a writer that never closes
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			w.WriteString("2026-12-04 10:00:00 ERROR OAuth token request failed: AADSTS700082: x\n")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		start := time.Now()
		err := ScanFile(ctx, NewScanner(time.Time{}), p, nil)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
			t.Errorf("writer=%v: err = %v after %v", writer, err, time.Since(start))
		}
	}
}
