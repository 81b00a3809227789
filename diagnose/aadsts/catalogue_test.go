package aadsts

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// The codes domain facts name as the ones that matter for WHD (§5); every
// one must be in the catalogue.
var requiredCodes = []int{
	700082, 70008, 50173, 70043, 700003, 70000, 9002313, 54005, 700005, 50011,
	900971, 500113, 7000215, 7000222, 7000218, 700025, 700016, 90002, 50194,
	65001, 90094, 65004, 650052, 650057, 500011, 70011, 700022, 90009, 90014,
	900144, 90015, 700054, 50076, 50079, 50058, 53003, 53000, 530003, 50126,
	50034, 50020, 50057, 50055, 50105, 700024, 900439, 900440, 900382, 900432,
}

var microsoftName = regexp.MustCompile(`^[A-Z][A-Za-z0-9]+(_[A-Za-z]+)?$`)

func TestCatalogueCoverage(t *testing.T) {
	if n := len(Catalogue()); n < 45 {
		t.Fatalf("catalogue has %d entries, want at least 45", n)
	}
	for _, c := range requiredCodes {
		if _, ok := Lookup(c); !ok {
			t.Errorf("AADSTS%d missing from the catalogue", c)
		}
	}
	if _, ok := Lookup(1); ok {
		t.Error("Lookup(1) found an entry")
	}
}

// Every entry is complete, and decodes from each shape people paste.
func TestCatalogueEntries(t *testing.T) {
	prev := 0
	for _, e := range Catalogue() {
		e := e
		if e.Code <= prev {
			t.Fatalf("Catalogue not sorted at %d", e.Code)
		}
		prev = e.Code
		t.Run(fmt.Sprint(e.Code), func(t *testing.T) {
			if e.Name != "" && !microsoftName.MatchString(e.Name) {
				t.Errorf("name %q is not a Microsoft-style identifier", e.Name)
			}
			for field, s := range map[string]string{"summary": e.Summary, "cause": e.Cause, "fix": e.Fix} {
				if len(s) < 20 || !strings.HasSuffix(s, ".") {
					t.Errorf("%s %q: want a full sentence", field, s)
				}
				if strings.Contains(s, "  ") {
					t.Errorf("%s has a double space: %q", field, s)
				}
			}
			// A fix names where to act: a menu path, a command or a URL.
			if !strings.Contains(e.Fix, " > ") && !strings.Contains(e.Fix, "whdctl") && !strings.Contains(e.Fix, "https://") {
				t.Errorf("fix names no menu, command or page: %q", e.Fix)
			}
			shapes := map[string]string{
				"json body": fmt.Sprintf(`{"error":"invalid_grant","error_description":"AADSTS%d: Text.\r\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000001\r\nCorrelation ID: 0a1b2c3d-0000-4000-8000-000000000002\r\nTimestamp: 2024-01-02 03:04:05Z","error_codes":[%d]}`, e.Code, e.Code),
				"oauth2":    fmt.Sprintf(`oauth2: "invalid_grant" "AADSTS%d: Text.\r\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000001" "https://login.microsoftonline.com/error?code=%d"`, e.Code, e.Code),
				"whd log":   fmt.Sprintf("2024-01-02 03:04:05,000 ERROR OAuth token request failed (statusCode: 400): invalid_grant [%d] AADSTS%d: Text.", e.Code, e.Code),
				"query":     fmt.Sprintf("?error=invalid_grant&error_description=AADSTS%d%%3a+Text.%%0d%%0aTrace+ID%%3a+0a1b2c3d-0000-4000-8000-000000000001", e.Code),
				"bare":      fmt.Sprint(e.Code),
			}
			for shape, in := range shapes {
				got := Decode(in)
				if len(got) != 1 {
					t.Errorf("%s: %d results (%v)", shape, len(got), codes(got))
					continue
				}
				r := got[0]
				if r.Code != e.Code || !r.Known || r.Name != e.Name || r.Summary != e.Summary || r.Cause != e.Cause || r.Fix != e.Fix {
					t.Errorf("%s: %+v", shape, r)
				}
				if shape != "bare" && (r.Error != "invalid_grant" || r.Details["message"] != "Text.") {
					t.Errorf("%s: error %q message %q", shape, r.Error, r.Details["message"])
				}
				if (shape == "json body" || shape == "oauth2" || shape == "query") && r.TraceID != "0a1b2c3d-0000-4000-8000-000000000001" {
					t.Errorf("%s: trace %q", shape, r.TraceID)
				}
			}
		})
	}
}

func TestCatalogueWordingIsOurs(t *testing.T) {
	// Microsoft's own descriptions start with these phrases; ours must not
	// copy them.
	for _, e := range Catalogue() {
		for _, s := range []string{"Developer error", "Have the user", "Contact the tenant admin", "Check your app's code"} {
			if strings.Contains(e.Summary+e.Cause+e.Fix, s) {
				t.Errorf("AADSTS%d copies Microsoft's wording %q", e.Code, s)
			}
		}
	}
}
