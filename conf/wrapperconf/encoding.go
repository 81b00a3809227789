package wrapperconf

import (
	"fmt"
	"strings"
)

// knownEncodings are the #encoding names the real wrapper 3.5.51 was seen
// to accept (case-insensitive). Observed refused: UTF8, latin1,
// windows-1252, ASCII, Cp1253-Cp1258, SJIS and others.
var knownEncodings = map[string]bool{"utf-8": true, "default": true, "cp1250": true, "cp1251": true, "cp1252": true, "koi8-r": true, "koi8-u": true}

func init() {
	for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16} {
		knownEncodings[fmt.Sprintf("iso-8859-%d", n)] = true
	}
}

// KnownEncoding reports whether the wrapper was seen to accept this
// #encoding name (as written: a leading space is refused too).
func KnownEncoding(name string) bool { return knownEncodings[strings.ToLower(name)] }
