// Package finding holds the one shape that every whdctl check reports:
// validate rules, diagnose checks and probes all produce Findings, and every
// output format (text, JSON, SARIF, GitHub annotations) renders them.
package finding

import (
	"fmt"
	"sort"
)

// Severity of a finding. The JSON values are part of the interface contract.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Rank orders severities: error > warning > info. Unknown severities rank 0.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 3
	case Warning:
		return 2
	case Info:
		return 1
	}
	return 0
}

// ParseSeverity accepts "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch Severity(s) {
	case Error, Warning, Info:
		return Severity(s), nil
	}
	return "", fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// Finding is one problem found by a check.
// File, Line and Column are empty/zero when the check is not about a file.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
}

// Location renders "file:line:col" with the parts that are known.
func (f Finding) Location() string {
	switch {
	case f.File == "":
		return ""
	case f.Line == 0:
		return f.File
	case f.Column == 0:
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
}

// Sort orders findings by file, line, column, then rule, so output is stable.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Rule < b.Rule
	})
}

// Max returns the highest severity among fs ("" when fs is empty).
func Max(fs []Finding) Severity {
	var m Severity
	for _, f := range fs {
		if f.Severity.Rank() > m.Rank() {
			m = f.Severity
		}
	}
	return m
}
