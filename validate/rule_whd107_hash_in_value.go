package validate

import (
	"bytes"
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD107",
		Name:     "HashCutsValue",
		Severity: finding.Error,
		Title:    "an unescaped '#' inside a value: the wrapper cuts the value there",
		Scope:    ScopeWrapper,
		Detects: "A '#' outside double quotes that is glued to the value before it (no space before it),\n" +
			"as in -DAzureAuthorizationURL=https://login.microsoftonline.com/#x or a password with a\n" +
			"'#'. A '#' after a space reads as a deliberate comment and is not reported; \"##\" is a\n" +
			"literal '#' and is fine; a value that starts with '#' (commented out) is not reported.",
		Why: "For the wrapper, '#' starts a comment anywhere outside double quotes. Everything from\n" +
			"the '#' on is dropped without a message, so Java gets a shorter value than the one\n" +
			"written (observed on wrapper 3.5.51: https://h/x#f becomes https://h/x).",
		Example: Example{
			Format: "wrapper",
			Bad:    "wrapper.java.additional.1=-Djavax.net.ssl.trustStorePassword=Pa#ss\n",
			Good:   "wrapper.java.additional.1=-Djavax.net.ssl.trustStorePassword=Pa##ss\n",
		},
		Fix: "Write \"##\" for a literal '#' (the wrapper turns it into one '#'), or put the value in\n" +
			"double quotes. If the text after '#' is a comment, put a space before the '#'.",
		wrapper: checkHashInValue,
	})
}

func checkHashInValue(d *wrapperDoc, r *report) {
	for _, s := range d.cfg.Sources {
		src := s.File.Src
		for i := range s.File.Entries {
			e := &s.File.Entries[i]
			if !e.HasComment || e.RawValue == "" {
				continue
			}
			hash := e.ValueEnd
			for hash < len(src) && (src[hash] == ' ' || src[hash] == '\t') {
				hash++
			}
			if hash >= len(src) || src[hash] != '#' || hash != e.ValueEnd {
				continue // a space before the '#': a comment on purpose
			}
			ln := s.File.Lines[e.Line-1]
			end := ln.End
			if j := bytes.IndexByte(src[ln.Start:ln.End], '\r'); j >= 0 {
				end = ln.Start + j
			}
			written := strings.TrimRight(string(src[e.ValueStart:end]), " \t")
			r.add("", d.at(s, e.Line, hash),
				"Write ## for a literal '#' (for example "+clip(strings.ReplaceAll(written, "#", "##"), 80)+"), or quote the value.",
				"'#' starts a comment for the wrapper, so %s gets %s instead of %s",
				e.RawKey, show(e.Value), show(written))
		}
	}
}
