package validate

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkFiles1000 validates 1,000 files (half wrapper_template.conf of
// about 30 entries, half whd.conf, with the problems of real installs) in
// one call, as 'whdctl validate FILE...' does. scripts/bench-validate.sh
// measures the whole process (wall time, peak memory).
func BenchmarkFiles1000(b *testing.B) {
	dir := b.TempDir()
	inputs := make([]Input, 0, 1000)
	var bytes int64
	for i := 0; i < 1000; i++ {
		var p string
		var data []byte
		if i%2 == 0 {
			data = genWrapperFile(i)
			p = filepath.Join(dir, fmt.Sprintf("w%04d", i), "wrapper_template.conf")
		} else {
			data = genWhdConfFile(i)
			p = filepath.Join(dir, fmt.Sprintf("h%04d", i), "whd.conf")
		}
		bytes += int64(len(data))
		inputs = append(inputs, Input{Path: write(b, p, data)})
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	b.ResetTimer()
	var findings int
	for i := 0; i < b.N; i++ {
		res := Files(b.Context(), inputs, Options{})
		if res.Files != 1000 || len(res.Errors) > 0 {
			b.Fatalf("files %d errors %v", res.Files, res.Errors)
		}
		findings = len(res.Findings)
	}
	b.ReportMetric(float64(findings), "findings")
}
