// Package lazyre compiles a regular expression the first time it is used.
//
// whdctl is a short-lived command: every package-level regexp.MustCompile runs
// at process start, for every command, and the heap pages they fill are a good
// part of the start-up cost (page faults). A pattern declared with New costs
// nothing until the command that needs it runs.
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr on its first call and returns the
// same *regexp.Regexp on every call, from any goroutine. Like
// regexp.MustCompile it panics if expr is not a valid expression; each
// package's tests exercise its patterns.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
