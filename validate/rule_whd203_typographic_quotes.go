package validate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD203",
		Name:     "TypographicQuotes",
		Severity: finding.Error,
		Title:    "typographic quotes in whd.conf",
		Scope:    ScopeWhdConf,
		Detects: "Curly or other typographic quotes (“ ” ‘ ’ „ « » and the like, also as Windows-1252\n" +
			"bytes) outside comments, as pasted from a web page, a PDF or a word processor.",
		Why: "bash does not treat them as quotes: they become part of the value (Java then gets\n" +
			"“https://outlook.office365.com/” with the quote characters in the URL), and a space\n" +
			"between them splits the value and runs the rest as a command.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\nJAVA_OPTS=“-DIsGcchAzureAccount=true”\n",
			Good:   "DEFAULT_PORT=8081\nJAVA_OPTS=\"-DIsGcchAzureAccount=true\"\n",
		},
		Fix: "Replace each typographic quote with a straight ASCII quote (\" or '). Type the quotes\n" +
			"in a plain-text editor rather than pasting them.",
		whdconf: checkTypographicQuotes,
	})
}

func checkTypographicQuotes(d *whdDoc, r *report) {
	f := d.f
	line := 0
	var chars []string
	var first loc
	flush := func() {
		if line == 0 {
			return
		}
		r.add("", first, straightLineFix(f.Line(line)),
			"%s %s: bash does not treat %s as quotes, so %s part of the value", plural(len(chars), "typographic quote", "typographic quotes"),
			list(chars, 4), itThem(len(chars)), isAreParts(len(chars)))
	}
	for _, q := range f.TypographicQuotes {
		if q.InComment || strings.HasPrefix(strings.TrimLeft(f.Line(q.Pos.Line), " \t\ufeff"), "#") {
			continue
		}
		if q.Pos.Line != line {
			flush()
			line, chars, first = q.Pos.Line, nil, d.at(q.Pos)
		}
		desc := fmt.Sprintf("%c (U+%04X)", q.Rune, q.Rune)
		if q.CP1252 {
			desc = fmt.Sprintf("%c (Windows-1252 byte 0x%02X)", q.Rune, f.Bytes()[q.Pos.Offset])
		}
		chars = append(chars, desc)
	}
	flush()
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func isAreParts(n int) string {
	if n == 1 {
		return "it is"
	}
	return "they are"
}

// straightLineFix is WHD203's fix: the line with straight quotes when that
// line has balanced quotes, else the advice.
func straightLineFix(line string) string {
	const advice = "Replace them with straight ASCII quotes (\" or ')."
	fixed := strings.TrimRight(straightQuotes(strings.TrimSuffix(line, "\r")), " \t")
	if !utf8.ValidString(fixed) || len(fixed) > maxFixLine || strings.Count(fixed, `"`)%2 != 0 || strings.Count(fixed, "'")%2 != 0 {
		return advice
	}
	return "Replace them with straight ASCII quotes, so that the line reads: " + strings.TrimLeft(fixed, "\ufeff")
}
