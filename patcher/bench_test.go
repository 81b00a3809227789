package patcher

import (
	"fmt"
	"strings"
	"testing"
)

// genBig makes a CRLF template with n additional entries of about 105 bytes.
func genBig(n int) []byte {
	var b strings.Builder
	b.WriteString("#encoding=UTF-8\r\nwrapper.java.command=java\r\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "wrapper.java.additional.%d=-Dbench.property.number%d=value-%037d\r\n", i, i, i)
	}
	b.WriteString("wrapper.java.initmemory=128\r\n")
	return []byte(b.String())
}

// BenchmarkPatchWrapper shows the cost of the pure core as the file grows:
// it should grow linearly with the size (compare ns/op over MB/s).
func BenchmarkPatchWrapper(b *testing.B) {
	for _, n := range []int{100, 1000, 10000, 40000} {
		src := genBig(n)
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := PatchWrapper(WrapperInput{Src: src}, Request{Set: m365}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
