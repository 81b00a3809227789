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
		ID:       "WHD204",
		Name:     "WhitespaceSplitsValue",
		Severity: finding.Error,
		Title:    "a value with unquoted whitespace, or a -D value with whitespace inside JAVA_OPTS",
		Scope:    ScopeWhdConf,
		Detects: "An assignment whose value has an unquoted space (NAME=a b, export NAME=a b), and a\n" +
			"JAVA_OPTS word that is not an option: the piece of a -D value that contained whitespace\n" +
			"(or anything else that does not start with '-' and is not the argument of an option\n" +
			"such as -cp).",
		Why: "bash stops the value at an unquoted space and runs the rest as a command (as root, at\n" +
			"every start); the variable is not even set. After export, declare or readonly, bash\n" +
			"sets the variable to the part before the space and rejects the rest as variable names\n" +
			"(\"not a valid identifier\"). The start script expands $JAVA_OPTS unquoted, so a space\n" +
			"inside a -D value splits it into two arguments even when it was\n" +
			"quoted in whd.conf: Java gets a cut value and takes the rest for the class to run, and\n" +
			"WHD does not start.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\nJAVA_OPTS=\"-DAzureAuthorizationScope=offline_access https://graph.microsoft.com/.default\"\n",
			Good:   "DEFAULT_PORT=8081\nJAVA_OPTS=\"-DAzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default\"\n",
		},
		Fix: "Quote values that contain spaces (NAME=\"a b\"). Inside JAVA_OPTS a value cannot contain\n" +
			"whitespace at all: write a URL's space as %20 (as the vendor does in\n" +
			"AzureAuthorizationScope) or choose a value without spaces (a path without spaces).",
		whdconf: checkUnquotedWhitespace,
	})
}

// optionsWithArgument are java launcher options whose value is the next word.
var optionsWithArgument = map[string]bool{
	"-cp": true, "-classpath": true, "--class-path": true, "-p": true, "--module-path": true,
	"--upgrade-module-path": true, "--add-modules": true, "--limit-modules": true, "-m": true, "--module": true,
	"--add-opens": true, "--add-exports": true, "--add-reads": true, "--patch-module": true,
	"--enable-native-access": true, "-jar": true, "--source": true, "--describe-module": true, "-d": true,
}

func checkUnquotedWhitespace(d *whdDoc, r *report) {
	if d.jo == nil || d.env.windows {
		return
	}
	for _, a := range d.f.Assignments {
		if a.Context != whdconf.Prefix || a.Command == "" {
			continue
		}
		r.add("", d.at(a.CmdPos), d.quoteFix(a),
			"the value of %s has an unquoted space: bash sets %s only for the command %s, runs that command at every start, and leaves %s unchanged",
			a.Name, a.Name, show(a.Command), a.Name)
	}
	// export NAME=a b: the unquoted space ends the value, and export
	// rejects b as a variable name.
	for i := 0; i < len(d.f.Rejected); {
		rj := d.f.Rejected[i]
		j := i + 1
		for j < len(d.f.Rejected) && d.f.Rejected[j].After == rj.After {
			j++
		}
		run := d.f.Rejected[i:j]
		i = j
		a := rj.After
		if a == nil || a.Context != whdconf.TopLevel || a.Failed != "" {
			continue
		}
		texts := make([]string, 0, len(run))
		for _, x := range run {
			texts = append(texts, show(x.Text))
		}
		set := "sets " + a.Name + " to " + show(a.Raw)
		if a.Known && a.Op == "=" {
			set = "sets " + a.Name + " to " + show(a.Value())
		} else if a.Op == "+=" {
			set = "appends " + show(a.Raw) + " to " + a.Name
		}
		effect := fmt.Sprintf("so %s %s not part of %s", list(texts, 4), isAre(len(run)), a.Name)
		if st := d.f.Stop; st != nil && st.Exits && a.Stmt != nil && st.Start.Offset == a.Stmt.Start.Offset {
			effect = "and with set -e the start script exits here: WHD does not start"
		}
		r.add("", d.at(rj.Pos), d.declQuoteFix(a, run[len(run)-1]),
			"the value of %s ends at an unquoted space: %s %s and rejects %s as %s (bash prints \"not a valid identifier\" at every start), %s",
			a.Name, rj.Via, set, list(texts, 4), namesWord(len(run)), effect)
	}
	jo := d.jo
	if !jo.Known || !jo.DefaultIFS {
		return // with another IFS, WHD213 shows how bash splits JAVA_OPTS
	}
	words := jo.Words
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w.Text, "-") || (i > 0 && optionsWithArgument[words[i-1].Text]) {
			continue
		}
		// w and the words after it up to the next option are one stray run.
		j := i + 1
		for j < len(words) && !strings.HasPrefix(words[j].Text, "-") {
			j++
		}
		pieces := make([]string, 0, j-i)
		for _, x := range words[i:j] {
			pieces = append(pieces, show(x.Text))
		}
		at := d.wordAt(w)
		if i > 0 && strings.HasPrefix(words[i-1].Text, "-D") {
			prev := words[i-1].Text
			r.add("", at, "Remove the whitespace from the value (a URL's space is %20), or move the setting out of JAVA_OPTS.",
				"JAVA_OPTS is split at whitespace, so the value of %s ends at the first space and %s %s: Java takes %s for the class to run, and WHD does not start",
				show(prev), list(pieces, 4), becomeArgs(len(pieces)), show(w.Text))
		} else {
			r.add("", at, "Every word of JAVA_OPTS must be a JVM option starting with '-'; remove the stray words or fix the option before them.",
				"JAVA_OPTS has %s, which %s not a JVM option: Java takes %s for the class to run, and WHD does not start",
				list(pieces, 4), isAre(len(pieces)), show(w.Text))
		}
		i = j - 1
	}
}

func namesWord(n int) string {
	if n == 1 {
		return "a variable name"
	}
	return "variable names"
}

// declQuoteFix is the fix of export NAME=a b...: the line with the value
// quoted, when that is a plain rewrite.
func (d *whdDoc) declQuoteFix(a *whdconf.Assignment, last whdconf.RejectedArg) string {
	if line, ok := d.f.QuotedDeclLine(a, last); ok {
		return "Quote the value, so that the line reads: " + line
	}
	return "Quote the whole value in double quotes: " + a.Name + "=\"...\" (straight quotes; a \" inside it written as \\\"), or remove the words after it."
}

func becomeArgs(n int) string {
	if n == 1 {
		return "becomes a separate argument"
	}
	return "become separate arguments"
}

// rawStatement returns the text an assignment's statement spans from its
// value on ("a b" in NAME=a b), up to the end of the line or a ';', '&',
// '|' or comment.
func (d *whdDoc) rawStatement(a *whdconf.Assignment) string {
	src := d.f.Bytes()
	start := a.ValPos.Offset
	end := len(src)
	if a.Stmt != nil && a.Stmt.End.Offset <= len(src) {
		end = a.Stmt.End.Offset
	}
	if start < 0 || start > end {
		return a.Raw
	}
	s := string(src[start:end])
	if i := strings.IndexAny(s, "\r\n;&|"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "\t#"); i >= 0 {
		s = s[:i]
	}
	return s
}

// maxFixLine is the longest line a fix suggestion writes out in full.
const maxFixLine = 400

// quoteFix is the fix of a value with an unquoted space: the line that works
// (typographic quotes made straight, the value quoted), or how to write it
// when whdctl cannot give one.
func (d *whdDoc) quoteFix(a *whdconf.Assignment) string {
	lead := a.Name + a.Op
	if a.Via != "" {
		lead = a.Via + " " + lead
	}
	return d.quoteFixLead(a, lead)
}

// quoteFixLead is quoteFix with the line's text before the value given.
func (d *whdDoc) quoteFixLead(a *whdconf.Assignment, lead string) string {
	raw := strings.TrimSpace(d.rawStatement(a))
	straight := strings.TrimSpace(straightQuotes(raw))
	generic := "Quote the whole value in double quotes: " + a.Name + "=\"...\" (straight quotes; a \" inside it written as \\\")."
	var value string
	switch {
	case !utf8.ValidString(straight) || strings.ContainsAny(straight, "\x00"):
		return generic
	case strings.ContainsAny(raw, "\"'`\\"):
		// Quotes or backslashes of its own: quoting it again would make
		// them part of the value.
		return generic
	case straight == raw:
		value = `"` + raw + `"`
	case quotedOnce(straight, '"') || quotedOnce(straight, '\''):
		value = straight // the typographic quotes were meant as quotes
	default:
		return generic
	}
	line := lead + value
	if len(line) > maxFixLine {
		return generic
	}
	if straight != raw {
		return "Replace the typographic quotes with straight ones, so that the line reads: " + line
	}
	return "Quote the value, so that the line reads: " + line
}

// quotedOnce reports s = q...q with no other q inside.
func quotedOnce(s string, q byte) bool {
	return len(s) >= 2 && s[0] == q && s[len(s)-1] == q && strings.IndexByte(s[1:len(s)-1], q) < 0
}

// straightQuotes replaces typographic quotes (also as Windows-1252 bytes)
// with the ASCII quotes they stand for.
func straightQuotes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			switch s[i] {
			case 0x91, 0x92:
				b.WriteByte('\'')
			case 0x93, 0x94:
				b.WriteByte('"')
			default:
				b.WriteByte(s[i])
			}
			i++
			continue
		}
		switch {
		case !whdconf.IsTypographicQuote(r):
			b.WriteRune(r)
		case strings.ContainsRune("\u2018\u2019\u201A\u201B\u2032\u2039\u203A\uFF07", r):
			b.WriteByte('\'')
		default:
			b.WriteByte('"')
		}
		i += n
	}
	return b.String()
}
