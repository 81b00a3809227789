package logscan

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// WHD writes the AADSTS code of a refused token request in brackets after
// the OAuth error ("invalid_grant [70008]"), also without the AADSTS text;
// diagnose aadsts decodes that as the code, and so does the scan.
func TestClassifyBracketCode(t *testing.T) {
	for _, tt := range []struct {
		line string
		want []match
	}{
		{"2026-12-04 10:00:00 ERROR OAuth token request failed (statusCode: 400): invalid_grant [70008] no aadsts here", []match{{KindOAuth, "AADSTS70008"}}},
		{"OAuth token request failed: invalid_client  [7000215]", []match{{KindOAuth, "AADSTS7000215"}}},
		{"OAuth token request failed (statusCode: 400): invalid_grant [700082] AADSTS700082: expired", []match{{KindOAuth, "AADSTS700082"}}},
		{"Authorization failed: invalid_grant [50076]", []match{{KindOAuth, "AADSTS50076"}}},
		// Not a code: too short, a leading zero, not after an OAuth error.
		{"OAuth token request failed: invalid_grant [400]", []match{{KindOAuth, "invalid_grant"}}},
		{"OAuth token request failed: invalid_grant [070008]", []match{{KindOAuth, "invalid_grant"}}},
		{"OAuth token request failed: my_invalid_grant [70008]", []match{{KindOAuth, "oauth-error"}}},
		{"OAuth token request failed [70008]", []match{{KindOAuth, "oauth-error"}}},
		{"OAuth token request failed: invalid_grant [70008x]", []match{{KindOAuth, "invalid_grant"}}},
	} {
		if got := classify([]byte(tt.line)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("classify(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestScanBracketCodeGroupsUnderCode(t *testing.T) {
	log := "2026-12-04 10:00:00 ERROR OAuth token request failed (statusCode: 400): invalid_grant [70008] no aadsts here\n" +
		"2026-12-04 10:05:00 ERROR OAuth token request failed (statusCode: 400): invalid_grant AADSTS70008: expired\n"
	s := NewScanner(time.Time{})
	if err := s.Scan(context.Background(), "whd.log", strings.NewReader(log)); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range s.Report().Groups {
		got = append(got, g.Code)
	}
	if strings.Join(got, " ") != "AADSTS70008" || s.Report().Groups[0].Count != 2 {
		t.Errorf("groups %v (%+v), want one AADSTS70008 x2", got, s.Report().Groups)
	}
}
