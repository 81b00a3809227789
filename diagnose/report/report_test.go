package report

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/whdctl/whdctl/finding"
)

func TestRunStatusesAndOrder(t *testing.T) {
	var running, peak atomic.Int32
	slow := func(s Section, err error) func(context.Context) (Section, error) {
		return func(ctx context.Context) (Section, error) {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(50 * time.Millisecond)
			running.Add(-1)
			return s, err
		}
	}
	checks := []Check{
		{Name: "a", Title: "A", Run: slow(Section{Summary: "fine"}, nil)},
		{Name: "b", Title: "B", Run: slow(Section{Findings: []finding.Finding{{Rule: "WHD404", Severity: finding.Error, Message: "m", Fix: "f"}}}, nil)},
		{Name: "c", Title: "C", Run: slow(Section{Findings: []finding.Finding{{Rule: "W", Severity: finding.Warning}}}, nil)},
		{Name: "d", Title: "D", Run: slow(Section{Status: Skipped, Summary: "no input"}, nil)},
		{Name: "e", Title: "E", Run: slow(Section{}, errors.New("cannot read x"))},
	}
	rep := Run(context.Background(), checks, 5*time.Second)
	want := []Status{OK, Failed, OK, Skipped, Error}
	for i, s := range rep.Sections {
		if s.Name != checks[i].Name || s.Title != checks[i].Title || s.Status != want[i] {
			t.Errorf("section %d = %s %s, want %s %s", i, s.Name, s.Status, checks[i].Name, want[i])
		}
		if s.Findings == nil {
			t.Errorf("section %s: findings nil", s.Name)
		}
	}
	if rep.OK {
		t.Error("report OK with a failed section")
	}
	if rep.Sections[4].Summary != "cannot read x" {
		t.Errorf("error summary %q", rep.Sections[4].Summary)
	}
	if peak.Load() < 2 {
		t.Errorf("checks did not run concurrently (peak %d)", peak.Load())
	}
	if c := rep.Counts(); c[OK] != 2 || c[Failed] != 1 || c[Skipped] != 1 || c[Error] != 1 {
		t.Errorf("counts %v", c)
	}
	b, _ := json.Marshal(rep)
	if !strings.Contains(string(b), `"ok":false,"sections":[{"name":"a","title":"A","status":"ok","summary":"fine","findings":[]}`) {
		t.Errorf("JSON %s", b)
	}
}

func TestRunAllOK(t *testing.T) {
	rep := Run(context.Background(), []Check{
		{Name: "a", Run: func(context.Context) (Section, error) { return Section{}, nil }},
		{Name: "b", Run: func(context.Context) (Section, error) { return Section{Status: Skipped}, nil }},
	}, time.Second)
	if !rep.OK {
		t.Fatalf("%+v", rep)
	}
	if rep := Run(context.Background(), nil, time.Second); !rep.OK || len(rep.Sections) != 0 {
		t.Fatalf("no checks: %+v", rep)
	}
}

func TestRunTimeoutAndPanic(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	rep := Run(context.Background(), []Check{
		{Name: "honours", Run: func(ctx context.Context) (Section, error) { <-ctx.Done(); return Section{}, ctx.Err() }},
		{Name: "ignores", Run: func(ctx context.Context) (Section, error) { <-block; return Section{}, nil }},
		{Name: "panics", Run: func(ctx context.Context) (Section, error) { var m map[string]int; m["x"]++; return Section{}, nil }},
	}, 100*time.Millisecond)
	for _, s := range rep.Sections[:2] {
		if s.Status != Error || !strings.Contains(s.Summary, "did not finish within 100ms") {
			t.Errorf("%s: %s %q", s.Name, s.Status, s.Summary)
		}
	}
	if s := rep.Sections[2]; s.Status != Error || !strings.Contains(s.Summary, "internal error in the panics check") {
		t.Errorf("panic: %s %q", s.Status, s.Summary)
	}
	if rep.OK {
		t.Error("OK despite errors")
	}
}
