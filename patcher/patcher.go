// Package patcher plans and renders the edits that add the Microsoft 365 JVM
// settings to a WHD install: numbered wrapper.java.additional.<n> entries in
// wrapper_template.conf (Windows) or JAVA_OPTS in whd.conf (Linux/macOS).
//
// The cores (PatchWrapper, PatchWhdConf) are pure: bytes in, bytes and a
// report out. File handling (lock, backup, atomic write) is in file.go.
package patcher

import (
	"fmt"
	"strings"
)

// Property is one -D JVM system property.
type Property struct {
	Name  string
	Value string
}

// Request says what to do to a file.
type Request struct {
	Set      []Property // properties to add or update, in order
	Remove   []string   // property names to remove
	Renumber bool       // wrapper: renumber additional entries contiguously from 1 (brings dead entries alive)
	Dedupe   bool       // wrapper: keep only the entry the JVM uses when a property is in several live slots
}

// Action values of the JSON contract.
const (
	ActionAdded     = "added"
	ActionUpdated   = "updated"
	ActionUnchanged = "unchanged"
	ActionRemoved   = "removed"
	// ActionAbsent: --remove of a property the file does not set.
	ActionAbsent = "absent"
)

// Action reports what happened to one property. The JSON keys are part of
// the interface contract.
type Action struct {
	Property string `json:"property"`
	Action   string `json:"action"`
	Key      string `json:"key"`       // wrapper: the additional key; whdconf: JAVA_OPTS
	Line     int    `json:"line"`      // 1-based line in the output (0 when removed)
	OldValue string `json:"old_value"` // value before (quotes removed), "" when added
	NewValue string `json:"new_value"` // value after (quotes removed), "" when removed
	// File: the #include'd file that holds the entry (never edited), when
	// it is not the patched file; Line is then a line of that file.
	File string `json:"file,omitempty"`
}

// Result is a planned edit.
type Result struct {
	Output   []byte   // the whole new file
	Changed  bool     // Output differs from the input
	Actions  []Action // one per requested property
	Warnings []string // things the user should know (dead entries, consolidated lines...)
}

// RefusalError means the edit needs a decision from the user (exit 1):
// for example a numbering gap (--renumber) or a property in several live
// slots (--dedupe).
type RefusalError struct {
	Reason  string   // what is wrong, one line
	Details []string // the entries involved, one per line, with line numbers
	Hint    string   // what to do
}

func (e *RefusalError) Error() string {
	var b strings.Builder
	b.WriteString(e.Reason)
	for _, d := range e.Details {
		b.WriteString("\n  ")
		b.WriteString(d)
	}
	if e.Hint != "" {
		b.WriteString("\n")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// InputError means a requested name or value cannot be written safely
// (a usage problem: exit 2).
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// ParseError means the file cannot be understood: exit 3, or exit 1 for a
// shell syntax error (Syntax).
type ParseError struct {
	Line int
	Msg  string
	// Syntax: the file is read, and bash itself cannot parse it; a problem
	// of the file's content, like a refusal, not of reading it.
	Syntax bool
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}
