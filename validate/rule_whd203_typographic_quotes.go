package validate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/whdctl/whdctl/conf/whdconf"
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
			"bytes) outside comments, as pasted from a web page, a PDF or a word processor: an error\n" +
			"where a shell quote was meant (unquoted, at the start or end of a value, anywhere in\n" +
			"JAVA_OPTS). Inside a properly quoted value of another variable (DOMAIN_NAME=\"O’Brien\n" +
			"Ltd\"), where bash keeps it as a character of the value, it is only noted (info).",
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
	type group struct {
		line  int
		chars []string
		first loc
		data  string // the variable, for a quote that is data inside a quoted value
	}
	var g group
	flush := func() {
		if g.line == 0 {
			return
		}
		if g.data != "" {
			r.add(finding.Info, g.first, "Nothing to do if the character is meant (an apostrophe in a name); if it was pasted as a quote, replace it with a straight ASCII quote (\" or ').",
				"%s %s inside the quoted value of %s: bash keeps %s as %s of the value, which is fine if %s meant",
				plural(len(g.chars), "typographic quote", "typographic quotes"), list(g.chars, 4), g.data, itThem(len(g.chars)),
				map[bool]string{true: "a character", false: "characters"}[len(g.chars) == 1], isAreParts(len(g.chars)))
		} else {
			r.add("", g.first, straightLineFix(f.Line(g.line)),
				"%s %s: bash does not treat %s as quotes, so %s part of the value", plural(len(g.chars), "typographic quote", "typographic quotes"),
				list(g.chars, 4), itThem(len(g.chars)), isAreParts(len(g.chars)))
		}
		g = group{}
	}
	for _, q := range f.TypographicQuotes {
		if q.InComment || strings.HasPrefix(strings.TrimLeft(f.Line(q.Pos.Line), " \t\ufeff"), "#") {
			continue
		}
		data := quotedData(f, q)
		if q.Pos.Line != g.line || data != g.data {
			flush()
			g = group{line: q.Pos.Line, first: d.at(q.Pos), data: data}
		}
		desc := fmt.Sprintf("%c (U+%04X)", q.Rune, q.Rune)
		if q.CP1252 {
			desc = fmt.Sprintf("%c (Windows-1252 byte 0x%02X)", q.Rune, f.Bytes()[q.Pos.Offset])
		}
		g.chars = append(g.chars, desc)
	}
	flush()
}

// quotedData returns the name of the variable when q is data that bash keeps
// as meant: inside a value written as one properly quoted string ("..." or
// '...'), not next to its opening or closing quote, of a variable other than
// JAVA_OPTS (whose words end up in -D values). "" otherwise: there a
// straight quote was meant.
func quotedData(f *whdconf.File, q whdconf.TypographicQuote) string {
	for _, a := range f.Assignments {
		if a.Pos.Line > q.Pos.Line {
			break
		}
		start, end := a.ValPos.Offset, a.ValEnd.Offset
		if q.Pos.Offset <= start || q.Pos.Offset >= end || strings.EqualFold(a.Name, "JAVA_OPTS") {
			continue
		}
		raw := a.Raw
		if len(raw) < 2 || (raw[0] != '"' && raw[0] != '\'') || raw[len(raw)-1] != raw[0] || end-start != len(raw) {
			return ""
		}
		inner := raw[1 : len(raw)-1]
		if raw[0] == '\'' && strings.Contains(inner, "'") {
			return ""
		}
		if raw[0] == '"' && strings.Count(inner, `"`) != strings.Count(inner, `\"`) {
			return ""
		}
		off := q.Pos.Offset - start - 1 // in inner
		size := 1
		if !q.CP1252 {
			size = utf8.RuneLen(q.Rune)
		}
		if off <= 0 || off+size >= len(inner) {
			return "" // at the start or the end of the value: a quote was meant
		}
		return a.Name
	}
	return ""
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
