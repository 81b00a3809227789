package validate

import (
	"bytes"
	"fmt"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD109",
		Name:     "WrapperLineEndings",
		Severity: finding.Error,
		Title:    "CR-only or mixed line endings",
		Scope:    ScopeWrapper,
		Detects: "A carriage return (CR) that is not followed by a line feed: a file saved with classic\n" +
			"Mac (CR-only) line endings, or a stray CR inside a line (error). A file that mixes CRLF\n" +
			"and LF lines (info).",
		Why: "The wrapper ends a line's content at a CR. In a CR-only file it reads only the first\n" +
			"line, so every setting after it is lost; a stray CR cuts the rest of its line (observed\n" +
			"on wrapper 3.5.51). CRLF and LF both work, so a mix of the two breaks nothing today, but\n" +
			"it is a sign of edits in different tools and of conversions that go wrong.",
		Example: Example{
			Format: "wrapper",
			Bad:    "#encoding=UTF-8\rwrapper.java.additional.1=-Dfile.encoding=UTF-8\rwrapper.java.additional.2=-Djava.awt.headless=true\r",
			Good:   "#encoding=UTF-8\r\nwrapper.java.additional.1=-Dfile.encoding=UTF-8\r\nwrapper.java.additional.2=-Djava.awt.headless=true\r\n",
		},
		Fix: "Save the file with Windows (CRLF) line endings, as the stock template has (Notepad++:\n" +
			"Edit > EOL Conversion > Windows; or unix2dos). In git, a .gitattributes line such as\n" +
			"\"wrapper*.conf text eol=crlf\" keeps them.",
		wrapper: checkWrapperLineEndings,
	})
}

func checkWrapperLineEndings(d *wrapperDoc, r *report) {
	for _, s := range d.cfg.Sources {
		f := s.File
		if len(f.CRInside) > 0 {
			first := f.CRInside[0]
			ln := f.Lines[first-1]
			cr := ln.Start + bytes.IndexByte(f.Src[ln.Start:ln.End], '\r')
			crs := bytes.Count(f.Src, []byte("\r")) - bytes.Count(f.Src, []byte("\r\n"))
			what := fmt.Sprintf("line %d has a carriage return (CR) without a line feed: the wrapper ends the line there and ignores the rest of it", first)
			if len(f.CRInside) == 1 && crs > 1 && bytes.Count(f.Src, []byte("\n")) <= 1 {
				what = fmt.Sprintf("the file uses CR-only line endings (%d CRs, no line feeds): the wrapper reads only the first line, so every setting after it is lost", crs)
			} else if len(f.CRInside) > 1 {
				what += fmt.Sprintf(" (%s have such a CR)", plural(len(f.CRInside), "line", "lines"))
			}
			r.add(finding.Error, d.at(s, first, cr), "Convert the file to CRLF line endings (Notepad++: Edit > EOL Conversion > Windows; or unix2dos).", "%s", what)
		}
		if f.MixedEndings() {
			crlf, lf, firstMinor := 0, 0, 0
			for _, l := range f.Lines {
				switch l.EOL {
				case "\r\n":
					crlf++
				case "\n":
					lf++
				}
			}
			minor := "\n"
			if crlf < lf {
				minor = "\r\n"
			}
			for _, l := range f.Lines {
				if l.EOL == minor {
					firstMinor = l.Num
					break
				}
			}
			r.add(finding.Info, loc{File: d.file(s), Line: firstMinor},
				"Convert the whole file to one style, CRLF like the stock template (unix2dos).",
				"the file mixes CRLF (%s) and LF (%s) line endings: the wrapper reads both, but the mix is a sign of edits in different tools",
				plural(crlf, "line", "lines"), plural(lf, "line", "lines"))
		}
	}
}
