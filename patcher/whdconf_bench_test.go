package patcher

import (
	"fmt"
	"strings"
	"testing"
)

// whdBenchFiles are whd.conf files of about 1 MiB: 10,000 JAVA_OPTS
// appends, and 10,000 other settings around one JAVA_OPTS.
func whdBenchFiles() map[string][]byte {
	var appends, keys strings.Builder
	appends.WriteString("DEFAULT_PORT=8081\nJAVA_OPTS=\"-Xmx2g\"\n")
	keys.WriteString("JAVA_OPTS=\"-Xmx2g -Dfile.encoding=UTF-8\"\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&appends, "# option %d\nJAVA_OPTS=\"$JAVA_OPTS -Dwhdctl.bench.property.%d=value-%d\"\n", i, i, i)
		fmt.Fprintf(&keys, "# setting %d of the benchmark file, long enough to reach a MiB\nWHDCTL_BENCH_SETTING_%d=\"value number %d\"\n", i, i, i)
	}
	return map[string][]byte{"appends": []byte(appends.String()), "keys": []byte(keys.String())}
}

func BenchmarkPatchWhdConf1MiB(b *testing.B) {
	for name, src := range whdBenchFiles() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				res, err := PatchWhdConf(src, Request{Set: Clouds[0].Settings()})
				if err != nil || !res.Changed {
					b.Fatalf("%v", err)
				}
			}
		})
	}
}
