package logscan

import (
	"context"
	"os"
	"testing"
	"time"
)

// BenchmarkScanFile scans the file named by WHDCTL_BENCH_LOG (see
// scripts/bench-logs.sh, which generates a 1 GiB one); it is skipped when
// the variable is unset.
func BenchmarkScanFile(b *testing.B) {
	path := os.Getenv("WHDCTL_BENCH_LOG")
	if path == "" {
		b.Skip("set WHDCTL_BENCH_LOG to a log file (scripts/bench-logs.sh makes one)")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	for i := 0; i < b.N; i++ {
		s := NewScanner(time.Time{})
		if err := ScanFile(context.Background(), s, path, nil); err != nil {
			b.Fatal(err)
		}
		if len(s.Report().Groups) == 0 {
			b.Fatal("no groups found")
		}
	}
}
