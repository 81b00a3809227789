package logscan

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestLineTimeOtherFormats(t *testing.T) {
	plus5 := time.FixedZone("UTC+5", 5*3600)
	for _, tt := range []struct {
		line, want string
	}{
		// Slashes: month first (Java's en_US order), unless the first
		// number cannot be a month.
		{"12/04/2026 10:00:00 ERROR x", "2026-12-04 10:00:00"},
		{"12/04/2026 10:00:00.123 ERROR x", "2026-12-04 10:00:00"},
		{"[12/4/2026 9:05:07 PM] ERROR x", "2026-12-04 21:05:07"},
		{"12/4/2026 12:05:07 AM ERROR x", "2026-12-04 00:05:07"},
		{"25/12/2026 10:00:00 ERROR x", "2026-12-25 10:00:00"},
		// Dots: day first.
		{"04.12.2026 10:00:00 ERROR x", "2026-12-04 10:00:00"},
		{"04.12.2026 10:00:00,123 FEHLER x", "2026-12-04 10:00:00"},
		// Tomcat.
		{"04-Dec-2026 10:00:00.123 SEVERE [main] x", "2026-12-04 10:00:00"},
		// java.util.Date.toString(): UTC and GMT are instants; another
		// zone is the JVM's own, the local one.
		{"Sat Apr 20 10:00:00 UTC 2026 ERROR x", "2026-04-20 15:00:00"},
		{"Fri Dec 04 10:00:00 GMT 2026 x", "2026-12-04 15:00:00"},
		{"Fri Dec  4 10:00:00 PKT 2026 x", "2026-12-04 10:00:00"},
		// Not times at a line start.
		{"Timestamp: 12/04/2026 10:00:00", ""},
		{"13/13/2026 10:00:00 x", ""},
		{"02/30/2026 10:00:00 x", ""},
		{"31.02.2026 10:00:00 x", ""},
		{"12/04/2026 25:00:00 x", ""},
		{"12/04/2026 13:00:00 PM x", ""},
		{"v1.12.2026 10:00:00 x", ""},
		{"\tat com.x.Y.run(Y.java:131) 12/04/2026", ""},
	} {
		got := ""
		if ts, ok := lineTime([]byte(tt.line), plus5); ok {
			got = ts.Format(timeLayout)
		}
		if got != tt.want {
			t.Errorf("lineTime(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// Lines that start with one of these times are entries of their own: each
// failure counts, and --since places them.
func TestScanOtherTimeFormatsStartEntries(t *testing.T) {
	for name, times := range map[string][]string{
		"MM/dd/yyyy":    {"12/04/2026 09:00:00", "12/04/2026 10:00:00", "12/04/2026 11:00:00"},
		"dd.MM.yyyy":    {"04.12.2026 09:00:00", "04.12.2026 10:00:00", "04.12.2026 11:00:00"},
		"Tomcat":        {"04-Dec-2026 09:00:00.123", "04-Dec-2026 10:00:00.123", "04-Dec-2026 11:00:00.123"},
		"Date.toString": {"Fri Dec 04 09:00:00 UTC 2026", "Fri Dec 04 10:00:00 UTC 2026", "Fri Dec 04 11:00:00 UTC 2026"},
	} {
		log := "2026-12-04 08:00:00,000 INFO  [main] Web Help Desk starting\n"
		for _, ts := range times {
			log += ts + " ERROR [OutgoingMailWorker-3] OAuth token request failed (statusCode: 400)\n" +
				"\tat com.macsdesign.whd.mail.OAuthClient.refresh(OAuthClient.java:88)\n"
		}
		since := time.Date(2026, 12, 4, 9, 30, 0, 0, time.UTC)
		for _, tt := range []struct {
			since       time.Time
			count       int
			first, last string
		}{
			{time.Time{}, 3, "2026-12-04 09:00:00", "2026-12-04 11:00:00"},
			{since, 2, "2026-12-04 10:00:00", "2026-12-04 11:00:00"},
		} {
			s := NewScanner(tt.since)
			s.SetLocation(time.UTC)
			if err := s.Scan(context.Background(), "x.log", strings.NewReader(log)); err != nil {
				t.Fatal(err)
			}
			g := s.Report().Groups
			if len(g) != 1 || g[0].Count != tt.count || g[0].FirstSeen != tt.first || g[0].LastSeen != tt.last || g[0].Undated != 0 {
				t.Errorf("%s, since %v: %+v", name, tt.since, brief(g))
			}
		}
	}
}

func FuzzLineTime(f *testing.F) {
	for _, s := range []string{"12/04/2026 10:00:00 PM x", "04.12.2026 10:00:00,1", "Sat Apr 20 10:00:00 UTC 2026",
		"2024-04-20T11:15:42+02:00 x", "Apr 20, 2024 9:15:42 PM", "20-Apr-2024 09:15:42.118", "\x00\x0012/04/2026 10:00:00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		ts, ok := lineTime(line, time.UTC)
		if ok && (ts.Year() < 0 || ts.Year() > 9999) {
			t.Fatalf("lineTime(%q) = %v", line, ts)
		}
		if !ok && !ts.IsZero() {
			t.Fatalf("lineTime(%q) failed with %v", line, ts)
		}
	})
}
