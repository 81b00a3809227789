package aadsts

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/whdctl/whdctl/internal/lazyre"
)

var (
	issuedOn = lazyre.New(`(?i)issued on '?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)`)
	// A .NET TimeSpan: [d.]hh:mm:ss[.fffffff]
	timeSpan     = `(?:\d+\.)?\d{1,2}:\d{2}:\d{2}(?:\.\d{1,7})?`
	inactiveFor  = lazyre.New(`(?i)inactive for '?(` + timeSpan + `)`)
	maxLifetime  = lazyre.New(`(?i)maximum allowed lifetime for this request is '?(` + timeSpan + `|\d+)`)
	timeSpanPart = lazyre.New(`^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$`)
)

// lifetime reads the issue time and the inactivity (700082, 70008) or the
// policy's maximum lifetime (70043) out of a message, and works out when the
// token expired. at is the error's own timestamp ("" when unknown).
func lifetime(code int, msg, at string) map[string]string {
	d := map[string]string{}
	m := issuedOn().FindStringSubmatch(msg)
	if m == nil {
		return d
	}
	stamp, ok := parseStamp(m[1])
	if !ok {
		return d
	}
	issued, _ := time.Parse(time.RFC3339Nano, stamp)
	d["issued_at"] = stamp

	var span time.Duration
	var what string
	if m := inactiveFor().FindStringSubmatch(msg); m != nil {
		if span, ok = parseTimeSpan(m[1]); ok {
			d["inactive_for"] = human(span)
			what = "went unused for " + human(span)
		}
	} else if m := maxLifetime().FindStringSubmatch(msg); m != nil {
		if span, ok = parseTimeSpan(m[1]); ok {
			d["max_lifetime"] = human(span)
			what = "a Conditional Access sign-in frequency allows it " + human(span)
		}
	}
	if what == "" {
		return d
	}
	expired := issued.Add(span)
	d["expired_at"] = expired.UTC().Format(time.RFC3339)
	advice := fmt.Sprintf("The refresh token was issued on %s and %s, so it expired on %s.",
		day(issued), what, day(expired))
	if t, err := time.Parse(time.RFC3339Nano, at); err == nil && t.After(expired) {
		advice += fmt.Sprintf(" This error came %s after that.", human(t.Sub(expired).Truncate(time.Minute)))
	}
	switch code {
	case 70043:
		advice += " Re-authorizing renews it only until the policy's next limit; exclude the WHD app from the sign-in frequency control to stop it recurring."
	default:
		advice += " WHD renews the token each time it uses the account; re-authorizing (or sending mail through the account) before 90 days without use prevents this."
	}
	d["advice"] = advice
	return d
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// parseTimeSpan reads a .NET TimeSpan ("90.00:00:00") or a number of
// seconds ("43200").
func parseTimeSpan(s string) (time.Duration, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < 0 || n > 100*365*24*3600 {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	m := timeSpanPart().FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	var days int64
	if m[1] != "" {
		var err error
		if days, err = strconv.ParseInt(m[1], 10, 64); err != nil || days > 36500 {
			return 0, false
		}
	}
	h, _ := strconv.Atoi(m[2])
	mi, _ := strconv.Atoi(m[3])
	se, _ := strconv.Atoi(m[4])
	if h > 23 || mi > 59 || se > 59 {
		return 0, false
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(se)*time.Second
	return d, true
}

// human renders a duration as "90 days", "12 hours", "1 day 2 hours 5 minutes".
func human(d time.Duration) string {
	if d < time.Minute {
		return plural(int64(d/time.Second), "second")
	}
	var parts []string
	days := int64(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	hours := int64(d / time.Hour)
	d -= time.Duration(hours) * time.Hour
	mins := int64(d / time.Minute)
	for _, p := range []struct {
		n    int64
		unit string
	}{{days, "day"}, {hours, "hour"}, {mins, "minute"}} {
		if p.n > 0 {
			parts = append(parts, plural(p.n, p.unit))
		}
	}
	return strings.Join(parts, " ")
}

func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.FormatInt(n, 10) + " " + unit + "s"
}
