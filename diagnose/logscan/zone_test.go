package logscan

import (
	"context"
	"strings"
	"testing"
	"time"
)

// WHD writes its log times in the server's local time, without an offset.
// --since 2h counts back from now, so those times must be read in the
// local zone: on a UTC+5 machine at 12:00, an entry at 09:00 is 3 hours
// old (dropped) and one at 11:00 is 1 hour old (kept).
func TestScanSinceReadsLogTimesInLocalZone(t *testing.T) {
	plus5 := time.FixedZone("UTC+5", 5*3600)
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, plus5)
	since, err := ParseSince("2h", now)
	if err != nil {
		t.Fatal(err)
	}
	log := "2026-12-04 09:00:00,000 ERROR [Mail] AADSTS700082: The refresh token has expired.\n" +
		"2026-12-04 11:00:00,000 ERROR [Mail] AADSTS50011: The redirect URI does not match.\n" +
		"2026-12-04T06:30:00Z ERROR [Mail] AADSTS7000222: explicit UTC, 11:30 local\n" +
		"2026-12-04T09:30:00+05:00 ERROR [Mail] AADSTS7000215: explicit offset, 09:30 local\n"
	s := NewScanner(since)
	s.SetLocation(plus5)
	if err := s.Scan(context.Background(), "whd.log", strings.NewReader(log)); err != nil {
		t.Fatal(err)
	}
	got := map[string]Group{}
	for _, g := range s.Report().Groups {
		got[g.Code] = g
	}
	for _, dropped := range []string{"AADSTS700082", "AADSTS7000215"} {
		if g, ok := got[dropped]; ok {
			t.Errorf("%s is older than 2h in UTC+5 but was kept: %+v", dropped, g)
		}
	}
	// Times are shown as local wall clock, as the log writes them.
	for code, seen := range map[string]string{"AADSTS50011": "2026-12-04 11:00:00", "AADSTS7000222": "2026-12-04 11:30:00"} {
		if g, ok := got[code]; !ok || g.FirstSeen != seen {
			t.Errorf("%s: %+v, want it kept and first seen %s", code, g, seen)
		}
	}

	// The same log read on a UTC machine: 09:00 and 11:00 are local there.
	since, _ = ParseSince("2h", time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC))
	s = NewScanner(since)
	s.SetLocation(time.UTC)
	s.Scan(context.Background(), "whd.log", strings.NewReader(log))
	var codes []string
	for _, g := range s.Report().Groups {
		codes = append(codes, g.Code)
	}
	if strings.Join(codes, " ") != "AADSTS50011" {
		t.Errorf("UTC machine: kept %v, want only AADSTS50011", codes)
	}
}

// A --since date without an offset is a local date, like the log's times.
func TestParseSinceDateIsLocal(t *testing.T) {
	plus5 := time.FixedZone("UTC+5", 5*3600)
	got, err := ParseSince("2026-12-04 10:00", time.Date(2026, 12, 4, 12, 0, 0, 0, plus5))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 4, 5, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("ParseSince = %v, want %v", got, want)
	}
}

func TestNewScannerUsesLocalZone(t *testing.T) {
	if s := NewScanner(time.Time{}); s.loc != time.Local {
		t.Errorf("default zone %v, want time.Local", s.loc)
	}
}

// log4j's %d{yyyy-MM-dd HH:mm:ss Z} writes the offset after a space; a
// zone name UTC or GMT there is UTC too. Another zone name stays local
// (Go cannot resolve an abbreviation alone).
func TestLineTimeOffsetAfterSpace(t *testing.T) {
	plus1 := time.FixedZone("UTC+1", 3600)
	for _, tt := range []struct{ line, want string }{
		{"2026-12-05 03:01:22 +0530 ERROR OAuth failed", "2026-12-04 22:31:22"},
		{"2026-12-05 03:01:22,123 +0000 ERROR x", "2026-12-05 04:01:22"},
		{"2026-12-05 03:01:22.123 -05:00 ERROR x", "2026-12-05 09:01:22"},
		{"2026-12-04 10:00:00 UTC ERROR x", "2026-12-04 11:00:00"},
		{"2026-12-04 10:00:00 GMT ERROR x", "2026-12-04 11:00:00"},
		{"2026-12-04 10:00:00 Z ERROR x", "2026-12-04 11:00:00"},
		{"2026-12-04 10:00:00+0000 ERROR x", "2026-12-04 11:00:00"},
		{"2026-12-04T10:00:00Z ERROR x", "2026-12-04 11:00:00"},
		{"[2026-12-04 10:00:00 +0000] ERROR x", "2026-12-04 11:00:00"},
		{"04-Dec-2026 10:00:00.123 +0000 SEVERE x", "2026-12-04 11:00:00"},
		// Not an offset: local.
		{"2026-12-04 10:00:00 CET ERROR x", "2026-12-04 10:00:00"},
		{"2026-12-04 10:00:00 UTCX ERROR x", "2026-12-04 10:00:00"},
		{"2026-12-04 10:00:00 Zeta ERROR x", "2026-12-04 10:00:00"},
		{"2026-12-04 10:00:00 +05 ERROR x", "2026-12-04 10:00:00"},
		{"2026-12-04 10:00:00 +053012 ERROR x", "2026-12-04 10:00:00"},
		{"2026-12-04 10:00:00 - ERROR x", "2026-12-04 10:00:00"},
		{"2026-12-04 10:00:00 GMT+9 ERROR x", "2026-12-04 10:00:00"},
		{"2026-12-04 10:00:00 +2500 ERROR x", "2026-12-04 10:00:00"},
	} {
		got, ok := lineTime([]byte(tt.line), plus1)
		if !ok || got.Format(timeLayout) != tt.want || got.Location() != plus1 {
			t.Errorf("lineTime(%q) = %v, %v; want %s in UTC+1", tt.line, got, ok, tt.want)
		}
	}
}

// --since and first/last seen use the offset written after a space.
func TestScanSinceOffsetAfterSpace(t *testing.T) {
	since := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	log := "2026-12-05 03:01:22 +0530 ERROR OAuth token request failed AADSTS700082: expired\n" + // 21:31 UTC on the 4th: dropped
		"2026-12-04 23:30:00 -0100 ERROR OAuth token request failed AADSTS50011: redirect\n" + // 00:30 UTC: kept
		"2026-12-04 23:59:00 UTC ERROR OAuth token request failed AADSTS7000222: secret\n" // dropped
	s := NewScanner(since)
	s.SetLocation(time.UTC)
	if err := s.Scan(context.Background(), "whd.log", strings.NewReader(log)); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range s.Report().Groups {
		got = append(got, g.Code+" "+g.FirstSeen)
	}
	if strings.Join(got, ",") != "AADSTS50011 2026-12-05 00:30:00" {
		t.Errorf("kept %q, want only AADSTS50011 first seen 2026-12-05 00:30:00", got)
	}
}
