package whdconf

import (
	"fmt"
	"strings"
	"testing"
)

// benchFile is a whd.conf of about 1 MiB: the stock keys, then n lines
// that append to JAVA_OPTS (the worst case: every value builds on the last).
func benchFile(n int) []byte {
	var b strings.Builder
	b.WriteString("DEFAULT_PORT=8081\nHTTPS_PORT=8443\nJAVA_OPTS=\"-Xmx2g\"\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "# option %d\nJAVA_OPTS=\"$JAVA_OPTS -Dwhdctl.bench.property.%d=value-%d\"\n", i, i, i)
	}
	return []byte(b.String())
}

func BenchmarkParse1MiB(b *testing.B) {
	src := benchFile(10000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		f, err := Parse(src)
		if err != nil || len(f.JavaOpts().Words) != 10001 {
			b.Fatal("unexpected result")
		}
	}
}
