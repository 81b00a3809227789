package validate

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/whdctl/whdctl/finding"
)

// Scope says which input a rule reads.
type Scope string

// Rule scopes.
const (
	ScopeWrapper Scope = "wrapper_template.conf"
	ScopeWhdConf Scope = "whd.conf"
	ScopeBoth    Scope = "wrapper_template.conf and whd.conf"
	ScopeMail    Scope = "mail properties"
	ScopeAny     Scope = "any checked file"
)

// Example is a short input that shows a rule: Bad triggers it, Good is the
// same input fixed and does not. Tests run both, so the pages cannot drift
// from what the rules do.
type Example struct {
	Format string // "wrapper", "whdconf" or "mail"
	Bad    string
	Good   string
}

// Rule is one check with its page of explanation. IDs are stable: an ID is
// never reused for another meaning.
type Rule struct {
	ID       string
	Name     string           // a short CamelCase name (SARIF rule name)
	Severity finding.Severity // default severity; the page says when a finding differs
	Title    string           // one line
	Scope    Scope
	Detects  string // what it detects
	Why      string // why WHD breaks
	Example  Example
	Fix      string

	wrapper func(*wrapperDoc, *report)
	whdconf func(*whdDoc, *report)
	props   func(*propView, *report)
}

var registry = map[string]*Rule{}

// register adds a rule; it is called from init() in the rule's own file.
func register(r *Rule) {
	if _, dup := registry[r.ID]; dup {
		panic("validate: rule " + r.ID + " registered twice")
	}
	registry[r.ID] = r
}

var (
	sortedOnce sync.Once
	sorted     []*Rule
)

// Rules returns every rule, sorted by ID. The slice is shared: do not modify it.
func Rules() []*Rule {
	sortedOnce.Do(func() {
		for _, r := range registry {
			sorted = append(sorted, r)
		}
		sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	})
	return sorted
}

// Lookup finds a rule by ID (case-insensitive).
func Lookup(id string) (*Rule, bool) {
	r, ok := registry[strings.ToUpper(strings.TrimSpace(id))]
	return r, ok
}

// Page renders the rule's explanation for people.
func (r *Rule) Page() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  %s\n", r.ID, r.Severity, r.Title)
	fmt.Fprintf(&b, "Applies to: %s\n\n", r.Scope)
	section := func(title, body string) {
		b.WriteString(title)
		b.WriteString("\n")
		for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
			if l == "" {
				b.WriteString("\n")
				continue
			}
			b.WriteString("  ")
			b.WriteString(l)
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	section("What it detects", r.Detects)
	section("Why WHD breaks", r.Why)
	if r.Example.Bad != "" {
		section("Example", Visible(r.Example.Bad))
	}
	fix := r.Fix
	if r.Example.Good != "" {
		fix += "\n\nFixed:\n" + Visible(r.Example.Good)
	}
	section("Fix", fix)
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// Markdown renders the page as Markdown (SARIF help).
func (r *Rule) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (%s): %s\n\n", r.ID, r.Severity, r.Title)
	fmt.Fprintf(&b, "### What it detects\n%s\n\n### Why WHD breaks\n%s\n\n", r.Detects, r.Why)
	if r.Example.Bad != "" {
		fmt.Fprintf(&b, "### Example\n```\n%s\n```\n\n", strings.TrimRight(Visible(r.Example.Bad), "\n"))
	}
	fmt.Fprintf(&b, "### Fix\n%s\n", r.Fix)
	if r.Example.Good != "" {
		fmt.Fprintf(&b, "\n```\n%s\n```\n", strings.TrimRight(Visible(r.Example.Good), "\n"))
	}
	return b.String()
}

// Visible shows the bytes a page's example is about but a terminal hides:
// a byte order mark as <BOM>, a carriage return as <CR> (a CR-only line
// ending also starts a new line, so that the example stays readable).
func Visible(s string) string {
	s = strings.ReplaceAll(s, "\ufeff", "<BOM>")
	s = strings.ReplaceAll(s, "\r\n", "<CR><LF>\x00")
	s = strings.ReplaceAll(s, "\r", "<CR>\n")
	return strings.ReplaceAll(s, "\x00", "\n")
}
