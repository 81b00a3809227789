package validate

import (
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/internal/lazyre"
)

func init() {
	register(&Rule{
		ID:       "WHD501",
		Name:     "MailAdditionalProperties",
		Severity: finding.Error,
		Title:    "mail engine \"Additional properties\": unknown property, wrong separator, bad value",
		Scope:    ScopeMail,
		Detects: "The \"Additional properties\" field of an outgoing mail account (Setup > Email > Outgoing\n" +
			"Mail Accounts), given with --mail-properties or --mail-properties-file:\n" +
			"  - pairs not separated by \"; \" (a ';' without the space: warning; a ',' or a space or a\n" +
			"    line break between pairs, which glues two pairs into one value: error);\n" +
			"  - a pair without '=' (error), spaces around '=' (warning);\n" +
			"  - a property name whdctl does not know (warning, with the likely intended name);\n" +
			"  - a boolean that is not true or false (error: the message says the value JavaMail\n" +
			"    uses instead), or a number that is not a number (error);\n" +
			"  - mail.from.override that is not a plain address, or is the vendor's placeholder\n" +
			"    yourAddr@yourDomain.com (error).",
		Why: "WHD hands these pairs to the mail engine (JavaMail). The vendor's format is\n" +
			"key=value pairs separated by a semicolon and a space. Two pairs glued together become\n" +
			"one wrong value; a misspelt name is ignored without a message. JavaMail reads a boolean\n" +
			"property with PropUtil.getBoolean: a property that is on by default is turned off only\n" +
			"by the word false, and one that is off by default is turned on only by the word true\n" +
			"(in any letter case); any other value leaves the default. So mail.smtp.ehlo and\n" +
			"mail.smtp.noop.strict (on by default) stay on with no, off, 0 or “false” in typographic\n" +
			"quotes, and mail.smtp.userset and mail.smtp.starttls.required (off by default) stay off\n" +
			"with yes, on or 1: the setting does not do what it says.",
		Example: Example{
			Format: "mail",
			Bad:    "mail.smtp.ehlo=false, mail.smtp.noop.strict=false",
			Good:   "mail.smtp.ehlo=false; mail.smtp.noop.strict=false",
		},
		Fix: "Write key=value pairs separated by \"; \", for example:\n" +
			"mail.smtp.ehlo=false; mail.smtp.noop.strict=false; mail.smtp.userset=true",
	})
}

type propKind int

const (
	kindString propKind = iota
	kindBool
	kindInt
	kindAddress
)

// mailProps are the properties whdctl knows: the vendor's five and the
// JavaMail SMTP properties.
var mailProps = map[string]propKind{
	"mail.from.override": kindAddress,
	"mail.debug":         kindBool, "mail.debug.auth": kindBool, "mail.from": kindAddress,
	"mail.user": kindString, "mail.host": kindString, "mail.transport.protocol": kindString,
	"mail.mime.charset": kindString, "mail.mime.address.strict": kindBool, "mail.mime.allowutf8": kindBool,
}

func init() {
	smtp := map[string]propKind{
		"auth": kindBool, "ehlo": kindBool, "allow8bitmime": kindBool, "sendpartial": kindBool,
		"sasl.enable": kindBool, "sasl.usecanonicalhostname": kindBool, "quitwait": kindBool,
		"quitonsessionreject": kindBool, "reportsuccess": kindBool, "socketFactory.fallback": kindBool,
		"ssl.enable": kindBool, "ssl.checkserveridentity": kindBool, "starttls.enable": kindBool,
		"starttls.required": kindBool, "userset": kindBool, "noop.strict": kindBool,
		"auth.login.disable": kindBool, "auth.plain.disable": kindBool, "auth.digest-md5.disable": kindBool,
		"auth.ntlm.disable": kindBool, "auth.xoauth2.disable": kindBool,
		"port": kindInt, "connectiontimeout": kindInt, "timeout": kindInt, "writetimeout": kindInt,
		"localport": kindInt, "socketFactory.port": kindInt, "ssl.socketFactory.port": kindInt,
		"auth.ntlm.flags": kindInt, "proxy.port": kindInt, "socks.port": kindInt,
		"user": kindString, "host": kindString, "localhost": kindString, "localaddress": kindString,
		"auth.mechanisms": kindString, "auth.ntlm.domain": kindString, "submitter": kindString,
		"dsn.notify": kindString, "dsn.ret": kindString, "sasl.mechanisms": kindString,
		"sasl.authorizationid": kindString, "sasl.realm": kindString, "socketFactory": kindString,
		"socketFactory.class": kindString, "ssl.trust": kindString, "ssl.socketFactory": kindString,
		"ssl.socketFactory.class": kindString, "ssl.protocols": kindString, "ssl.ciphersuites": kindString,
		"proxy.host": kindString, "proxy.user": kindString, "proxy.password": kindString,
		"socks.host": kindString, "mailextension": kindString, "from": kindAddress,
	}
	for k, v := range smtp {
		mailProps["mail.smtp."+k] = v
		mailProps["mail.smtps."+k] = v
	}
	for k := range mailProps {
		mailPropsByLower[strings.ToLower(k)] = k
	}
}

// mailPropsByLower maps a lower-cased name to the name as JavaMail spells it.
var mailPropsByLower = map[string]string{}

var (
	mailKeyRE   = lazyre.New(`^[A-Za-z0-9_.\-]+$`)
	gluedPairRE = lazyre.New(`([,\s]+)[A-Za-z][A-Za-z0-9_.\-]*\s*=`)
)

// MailProperties checks the text of the mail engine's "Additional
// properties" field. file names where the text comes from ("" for text given
// on the command line: findings then carry no location, and the message
// says at which character).
func MailProperties(file, text string) []finding.Finding {
	text = strings.TrimPrefix(text, "\ufeff")
	if file != "" {
		text = strings.TrimSuffix(strings.TrimSuffix(text, "\n"), "\r")
	}
	rule, _ := Lookup("WHD501")
	r := &report{rule: rule}
	m := &mailCheck{file: file, text: text, r: r, seen: map[string]int{}}
	m.run()
	finding.Sort(r.findings)
	return r.findings
}

type mailCheck struct {
	file, text string
	r          *report
	seen       map[string]int
}

// at locates a byte offset of the text.
func (m *mailCheck) at(off int) loc {
	if m.file == "" {
		return loc{}
	}
	line := 1 + strings.Count(m.text[:off], "\n")
	start := strings.LastIndex(m.text[:off], "\n") + 1
	return loc{File: m.file, Line: line, Col: utf8.RuneCountInString(m.text[start:off]) + 1}
}

// where says "at character N" when there is no file to point into.
func (m *mailCheck) where(off int) string {
	if m.file != "" {
		return ""
	}
	return fmt.Sprintf(" (at character %d)", utf8.RuneCountInString(m.text[:off])+1)
}

func (m *mailCheck) add(sev finding.Severity, off int, fix, format string, a ...any) {
	m.r.add(sev, m.at(off), fix, format+m.where(off), a...)
}

func (m *mailCheck) run() {
	if strings.TrimSpace(m.text) == "" {
		return
	}
	const fixSep = "Separate the pairs with a semicolon and one space: key=value; key=value"
	start := 0
	for start <= len(m.text) {
		end := strings.IndexByte(m.text[start:], ';')
		last := end < 0
		if last {
			end = len(m.text)
		} else {
			end += start
		}
		m.pair(start, end, last)
		if last {
			break
		}
		if next := end + 1; next < len(m.text) && m.text[next] != ' ' && m.text[next] != ';' {
			m.add(finding.Warning, end, fixSep+".", "';' is not followed by a space: the vendor's format separates pairs with \"; \"")
		}
		start = end + 1
	}
}

func (m *mailCheck) pair(start, end int, last bool) {
	seg := m.text[start:end]
	lead := len(seg) - len(strings.TrimLeft(seg, " \t"))
	body := strings.TrimRight(seg[lead:], " \t")
	off := start + lead
	if body == "" {
		if !last {
			m.add(finding.Warning, off, "Remove the extra ';'.", "an empty pair between two ';'")
		}
		return
	}
	if i := strings.IndexAny(body, "\r\n"); i >= 0 {
		m.add("", off+i, "Put every pair on one line, separated by \"; \".",
			"a line break inside the field: the field is one line, so the pairs around it are glued together")
		body = body[:i]
		if strings.TrimSpace(body) == "" {
			return
		}
	}
	key, value, ok := strings.Cut(body, "=")
	if !ok {
		m.add("", off, "Write it as key=value, for example mail.smtp.ehlo=false.", "%s has no '=': write key=value", show(body))
		return
	}
	valOff := off + len(key) + 1
	if strings.TrimRight(key, " \t") != key || strings.TrimLeft(value, " \t") != value {
		m.add(finding.Warning, off+len(strings.TrimRight(key, " \t")), "Remove the spaces around '=': "+strings.TrimSpace(key)+"="+strings.TrimSpace(value)+".",
			"spaces around '=' in %s: the vendor's format has none, and whdctl cannot confirm that WHD removes them", show(body))
		valOff += len(value) - len(strings.TrimLeft(value, " \t"))
	}
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if key == "" {
		m.add("", off, "Write the property name before '='.", "%s has nothing before '='", show(body))
		return
	}
	if !mailKeyRE().MatchString(key) {
		m.add("", off, "Property names are letters, digits, '.', '-' and '_'; separate pairs with \"; \".",
			"%s is not a property name (two pairs glued together, or a stray character?)", show(key))
		return
	}
	if loc := gluedPairRE().FindStringSubmatchIndex(value); loc != nil {
		sep := value[loc[2]:loc[3]]
		what := "a ','"
		if !strings.Contains(sep, ",") {
			what = "a space"
		}
		m.add("", valOff+loc[2], "Separate the pairs with a semicolon and one space: "+key+"="+strings.TrimSpace(value[:loc[2]])+"; "+strings.TrimSpace(value[loc[3]:])+".",
			"%s separates two pairs, so %s gets the value %s and the next property is not set", what, key, show(value))
		return
	}
	if prev, dup := m.seen[key]; dup {
		m.add(finding.Warning, off, "Keep one of the two.", "%s is set twice (also at character %d): the last one counts", key, prev+1)
	}
	m.seen[key] = off
	kind, known := mailProps[key]
	if !known {
		m.unknown(off, key)
		return
	}
	switch kind {
	case kindBool:
		if !strings.EqualFold(value, "true") && !strings.EqualFold(value, "false") {
			m.badBool(valOff, key, value)
		}
	case kindInt:
		if !allDigits(value) {
			m.add("", valOff, "Write a whole number, for example "+key+"=30000.", "%s is %s, not a whole number", key, show(value))
		}
	case kindAddress:
		m.address(valOff, key, value)
	}
}

// boolDefaults are the defaults JavaMail (1.6, com.sun.mail) gives the
// boolean properties whdctl knows, by the name after "mail.smtp." or
// "mail.smtps." (or the full name). A name missing here
// (ssl.checkserveridentity) has a default that depends on the JavaMail
// version.
var boolDefaults = map[string]bool{
	"auth": false, "ehlo": true, "allow8bitmime": false, "sendpartial": false,
	"sasl.enable": false, "sasl.usecanonicalhostname": false, "quitwait": true,
	"quitonsessionreject": false, "reportsuccess": false, "socketFactory.fallback": true,
	"starttls.enable": false, "starttls.required": false, "userset": false, "noop.strict": true,
	"auth.login.disable": false, "auth.plain.disable": false, "auth.digest-md5.disable": false,
	"auth.ntlm.disable": false, "auth.xoauth2.disable": true, "ssl.enable": false,
	"mail.debug": false, "mail.debug.auth": false, "mail.mime.address.strict": true, "mail.mime.allowutf8": false,
}

// boolDefault returns JavaMail's default for a boolean property.
func boolDefault(key string) (def, known bool) {
	if def, ok := boolDefaults[key]; ok {
		return def, true
	}
	if rest, ok := strings.CutPrefix(key, "mail.smtp."); ok {
		def, ok := boolDefaults[rest]
		return def, ok
	}
	if rest, ok := strings.CutPrefix(key, "mail.smtps."); ok && rest != "ssl.enable" {
		// The same code reads them for smtps; SMTPS always uses SSL.
		def, ok := boolDefaults[rest]
		return def, ok
	}
	return false, false
}

// badBool reports a boolean that is neither true nor false, saying what
// JavaMail does with it: PropUtil.getBoolean turns a property that is on by
// default off only for "false", and one that is off by default on only for
// "true" (equalsIgnoreCase, no trimming); anything else gives the default.
func (m *mailCheck) badBool(off int, key, value string) {
	def, known := boolDefault(key)
	switch {
	case !known:
		m.add("", off, "Write "+key+"=true or "+key+"=false.",
			"%s is %s: JavaMail reads only the words true and false for it and keeps its default for any other value", key, show(value))
	case def:
		m.add("", off, "Write "+key+"=false to turn it off (or remove the pair: true is the default).",
			"%s is %s: JavaMail turns %s off only with the word false, so it stays true (its default)", key, show(value), key)
	default:
		m.add("", off, "Write "+key+"=true to turn it on (or remove the pair: false is the default).",
			"%s is %s: JavaMail turns %s on only with the word true, so it stays false (its default)", key, show(value), key)
	}
}

func (m *mailCheck) address(off int, key, value string) {
	fix := "Write a plain address: " + key + "=helpdesk@example.com (no name, no <>)."
	if strings.EqualFold(value, "yourAddr@yourDomain.com") {
		m.add("", off, "Replace it with the address mail should come from: "+key+"=helpdesk@<your domain>.",
			"%s is the vendor's placeholder yourAddr@yourDomain.com", key)
		return
	}
	a, err := mail.ParseAddress(value)
	if err != nil || a.Name != "" || a.Address != value || !strings.Contains(value, "@") {
		m.add("", off, fix, "%s is %s, which is not a plain e-mail address", key, show(value))
	}
}

func (m *mailCheck) unknown(off int, key string) {
	lower := strings.ToLower(key)
	if canon, ok := mailPropsByLower[lower]; ok {
		m.add(finding.Warning, off, "Write it as "+canon+".",
			"%s is not spelt as the mail engine spells it (%s): property names are case-sensitive", key, canon)
		return
	}
	if canon, ok := mailPropsByLower["mail."+lower]; ok {
		m.add(finding.Warning, off, "Write "+canon+".", "%s is not a mail engine property: did you mean %s?", key, canon)
		return
	}
	best, bestD := "", 3
	names := make([]string, 0, len(mailProps))
	for n := range mailProps {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if d := editDistance(lower, strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	switch {
	case best != "":
		m.add(finding.Warning, off, "Write "+best+".", "%s is not a property the mail engine knows: did you mean %s?", key, best)
	case !strings.HasPrefix(lower, "mail."):
		m.add(finding.Warning, off, "Check the name: mail engine properties start with mail. (for example mail.smtp.ehlo).",
			"%s is not a mail engine property (they start with mail.)", key)
	default:
		m.add(finding.Warning, off, "Check the name against the vendor's list (mail.smtp.ehlo, mail.smtp.noop.strict, mail.smtp.userset, mail.smtp.starttls.required, mail.from.override) or WHD Technical Support's instructions.",
			"%s is not a property whdctl knows; a misspelt name is ignored without a message", key)
	}
}
