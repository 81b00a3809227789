package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/diagnose/logscan"
)

// When --timeout ends the scan, what was read is still reported (exit 3),
// marked incomplete, in text and JSON.
func TestDiagnoseLogsTimeoutPrintsReport(t *testing.T) {
	defer func() { scanAll = logscan.ScanAll }()
	// The first file is read, then the scan waits (a slow disk) until the
	// --timeout ends it.
	scanAll = func(ctx context.Context, s *logscan.Scanner, inputs []logscan.Input, onRead func(int64)) error {
		if err := logscan.ScanFile(context.Background(), s, inputs[0].Path, onRead); err != nil {
			return err
		}
		<-ctx.Done()
		return ctx.Err()
	}
	whd, catalina := filepath.Join(logFixtures, "whd.log"), filepath.Join(logFixtures, "catalina.out")

	out, errOut, code := diagRun(t, "", nil, "diagnose", "logs", "--timeout", "50ms", whd, catalina)
	if code != ExitRuntime || !strings.Contains(errOut, "stopped after the --timeout") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"Read 1 file(s), 20 lines", "oauth AADSTS700082  x2", "INCOMPLETE: stopped after the --timeout (50ms)"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}

	out, errOut, code = diagRun(t, "", nil, "diagnose", "logs", "--timeout", "50ms", "-o", "json", whd, catalina)
	var got struct {
		Files            int              `json:"files"`
		Groups           []map[string]any `json:"groups"`
		Errors           []any            `json:"errors"`
		Incomplete       *bool            `json:"incomplete"`
		IncompleteReason string           `json:"incomplete_reason"`
	}
	if code != ExitRuntime || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	if got.Files != 1 || len(got.Groups) == 0 || got.Errors == nil || got.Incomplete == nil || !*got.Incomplete ||
		!strings.Contains(got.IncompleteReason, "--timeout") {
		t.Errorf("JSON report of what was read, marked incomplete:\n%s", out)
	}

	// A complete scan says so too.
	scanAll = logscan.ScanAll
	out, _, _ = diagRun(t, "", nil, "diagnose", "logs", "-o", "json", whd)
	if !strings.Contains(out, `"incomplete": false`) || strings.Contains(out, "incomplete_reason") {
		t.Errorf("complete scan:\n%s", out)
	}
}
