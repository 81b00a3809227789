// Package report runs the checks of `whdctl diagnose` and gathers their
// results into one report. A check is independent of the others: it gets
// its own context with a deadline, runs concurrently with the rest, and
// returns one Section. A check that fails to run, overruns its deadline or
// panics becomes a Section with status "error"; it never takes the report
// down with it.
package report

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/whdctl/whdctl/finding"
)

// Status of a section. The values are part of the JSON contract.
type Status string

const (
	OK      Status = "ok"      // the check ran and found nothing wrong
	Failed  Status = "failed"  // the check ran and found problems
	Skipped Status = "skipped" // the check does not apply to the inputs given
	Error   Status = "error"   // the check could not run (I/O, timeout)
)

// Section is the result of one check.
type Section struct {
	Name     string            `json:"name"`     // stable ID: "install", "redirect", "logs", ...
	Title    string            `json:"title"`    // for people
	Status   Status            `json:"status"`   //
	Summary  string            `json:"summary"`  // one line
	Findings []finding.Finding `json:"findings"` // problems found, [] when none
	Data     any               `json:"data,omitempty"`
}

// Check is one independent diagnosis. Run must honour ctx (its deadline is
// the per-check timeout) and must not write to stdout or stderr.
type Check struct {
	Name  string
	Title string
	Run   func(ctx context.Context) (Section, error)
}

// Report is the whole diagnosis. Its JSON form is part of the contract of
// `whdctl diagnose --output json`.
type Report struct {
	OK       bool      `json:"ok"` // no section failed or errored
	Sections []Section `json:"sections"`
}

// Run runs checks concurrently, each under its own timeout, and returns
// their sections in the order of checks.
func Run(ctx context.Context, checks []Check, timeout time.Duration) Report {
	secs := make([]Section, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			secs[i] = runOne(ctx, c, timeout)
		}()
	}
	wg.Wait()
	rep := Report{OK: true, Sections: secs}
	for _, s := range secs {
		if s.Status == Failed || s.Status == Error {
			rep.OK = false
		}
	}
	return rep
}

func runOne(ctx context.Context, c Check, timeout time.Duration) (sec Section) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		sec Section
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{err: fmt.Errorf("internal error in the %s check: %v (please report it)", c.Name, p)}
			}
		}()
		s, err := c.Run(ctx)
		done <- result{s, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		// A check that ignores its context is abandoned, not waited for.
		r.err = ctx.Err()
	}
	sec = r.sec
	sec.Name, sec.Title = c.Name, c.Title
	if r.err != nil {
		sec.Status = Error
		sec.Summary = r.err.Error()
		if errors.Is(r.err, context.DeadlineExceeded) {
			sec.Summary = fmt.Sprintf("did not finish within %s", timeout)
		}
	}
	if sec.Status == "" {
		sec.Status = OK
		if len(sec.Findings) > 0 && finding.Max(sec.Findings) == finding.Error {
			sec.Status = Failed
		}
	}
	if sec.Findings == nil {
		sec.Findings = []finding.Finding{}
	}
	return sec
}

// Counts returns how many sections have each status.
func (r Report) Counts() map[Status]int {
	m := map[Status]int{}
	for _, s := range r.Sections {
		m[s.Status]++
	}
	return m
}
