package logscan

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Times without seconds, "Dec 04 2026 22:00:00" and Apache's
// "[04/Dec/2026:22:00:00 +0000]" are read.
func TestLineTimeMoreFormats(t *testing.T) {
	for _, tt := range []struct{ line, want string }{
		{"2026-12-04 22:40 ERROR OAuth failed", "2026-12-04 22:40:00"},
		{"2026-12-04T22:40 ERROR x", "2026-12-04 22:40:00"},
		{"2026-12-04 22:40 +0100 ERROR x", "2026-12-04 21:40:00"},
		{"Dec 04 2026 22:00:00 ERROR x", "2026-12-04 22:00:00"},
		{"Dec  4 2026 22:00:00.123 ERROR x", "2026-12-04 22:00:00"},
		{"[04/Dec/2026:22:00:00 +0000] ERROR x", "2026-12-04 22:00:00"},
		{"10.0.0.5 - - [04/Dec/2026:22:00:00 -0100] \"POST /helpdesk/oauth-redirect HTTP/1.1\" 401", "2026-12-04 23:00:00"},
		{"[04/Dec/2026:22:00:00] ERROR x", "2026-12-04 22:00:00"},
		// Still not times.
		{"2026-12-04 22:4 ERROR x", ""},
		{"2026-12-04 22:40:1 ERROR x", ""},
		{"Dec 32 2026 22:00:00 ERROR x", ""},
		{"\tat com.x.Y.run(Y.java:131) 10.0.0.1:8443", ""},
	} {
		got := ""
		if ts, ok := lineTime([]byte(tt.line), time.UTC); ok {
			got = ts.Format(timeLayout)
		}
		if got != tt.want {
			t.Errorf("lineTime(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestDateLike(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		{"04 Dec 2026 22:00:00 ERROR x", true},
		{"2026.12.04 22:00:00 ERROR x", true},
		{"[2026-12-04 22h00] ERROR x", true},
		{"Friday, December 4, 2026 10 PM ERROR x", true},
		{"Dec 4 22h00 ERROR x", true},
		{"4-12-26 x", true},
		{"\tat com.x.Y.run(Y.java:131)", false},
		{"Caused by: java.io.IOException: x", false},
		{"... 12 more", false},
		{"12 more", false},
		{"1.2.3 x", false},
		{"Trace ID: 0a1b2c3d", false},
		{"December was cold", false},
		{"Monitoring started", false},
		{"{\"error\":\"invalid_grant\"}", false},
		{"v1.12.2026 x", false},
		{"", false},
	} {
		if got := dateLike([]byte(tt.line)); got != tt.want {
			t.Errorf("dateLike(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// A line that starts with a date (read or not) is an entry of its own: it
// is not merged into the entry above (undercounted, wrong last seen, dropped
// by --since with it). One whose date is not read has no time.
func TestScanDateLikeLineStartsEntry(t *testing.T) {
	log := "2026-12-04 21:00:00 ERROR OAuth token request failed AADSTS700082: expired\n" +
		"\tat com.x.Y.run(Y.java:131)\n" +
		"Dec 04 2026 22:00:00 ERROR OAuth token request failed AADSTS700082: expired\n" +
		"[04/Dec/2026:22:10:00 +0000] ERROR OAuth token request failed AADSTS700082: expired\n" +
		"2026-12-04 22:40 ERROR OAuth token request failed AADSTS700082: expired\n" +
		"04 Dec 2026 22:50:00 ERROR OAuth token request failed AADSTS700082: expired\n" +
		"Caused by: AADSTS700082 again, same entry\n"
	for _, tt := range []struct {
		since                time.Time
		count, undated       int
		first, last, example string
	}{
		{time.Time{}, 5, 1, "2026-12-04 21:00:00", "2026-12-04 22:40:00", "whd.log:1"},
		{time.Date(2026, 12, 4, 22, 5, 0, 0, time.UTC), 3, 1, "2026-12-04 22:10:00", "2026-12-04 22:40:00", "whd.log:4"},
	} {
		s := NewScanner(tt.since)
		s.SetLocation(time.UTC)
		if err := s.Scan(context.Background(), "whd.log", strings.NewReader(log)); err != nil {
			t.Fatal(err)
		}
		gs := s.Report().Groups
		if len(gs) != 1 {
			t.Fatalf("groups %+v", gs)
		}
		g := gs[0]
		if g.Count != tt.count || g.Undated != tt.undated || g.FirstSeen != tt.first || g.LastSeen != tt.last || g.Where != tt.example {
			t.Errorf("since %v: %+v, want count %d, undated %d, %s .. %s at %s", tt.since, g, tt.count, tt.undated, tt.first, tt.last, tt.example)
		}
	}
}
