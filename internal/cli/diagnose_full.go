package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/whdctl/whdctl/diagnose/logscan"
	"github.com/whdctl/whdctl/diagnose/redirect"
	"github.com/whdctl/whdctl/diagnose/report"
	"github.com/whdctl/whdctl/diagnose/token"
	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/install"
)

// The full report (`whdctl diagnose` without a subcommand) is a list of
// independent checks run concurrently by report.Run, each under its own
// timeout, then printed as one report.
//
// Adding a check (a validate pass, an EWS, truststore or token probe) needs
// no edit to this file: from an init() in your own file call
//
//	registerFullChecks(func(in *fullInputs) []report.Check { ... })
//
// and, for flags of your own, registerFullFlags(...). The factory sees the
// inputs (install, DNS name, redirect URI, ports, log paths, --live, and the
// cli.Context for its own flags) and returns the checks that apply, or nil.
// Network probes must return nil unless in.Live is set: without --live the
// report is offline. A check's Run gets a context with the per-check
// deadline, must not print, and returns a report.Section (Status Skipped
// with a Summary saying what input would enable it, or findings).
// Factories run in registration order; checks appear in that order.
var (
	fullCheckFactories []func(in *fullInputs) []report.Check
	fullExtraFlags     []cli.Flag
)

func registerFullChecks(f func(in *fullInputs) []report.Check) {
	fullCheckFactories = append(fullCheckFactories, f)
}

func registerFullFlags(fs ...cli.Flag) { fullExtraFlags = append(fullExtraFlags, fs...) }

// fullInputs is what the full report knows before its checks run.
type fullInputs struct {
	C           *cli.Context
	Env         *env
	Install     *install.Install // nil without --whd-home
	DNSName     string
	RedirectURI string
	Port        int    // HTTPS port in WHD's URLs; valid when PortKnown
	PortKnown   bool   //
	PortFrom    string // "--port", "URL_HTTPS_PORT", "HTTPS_PORT"
	PortErr     error  // why the install's port could not be read
	LogPaths    []string
	Since       time.Time
	Live        bool
}

const defaultCheckTimeout = 5 * time.Minute

func init() {
	diagnoseFullFlags = func() []cli.Flag {
		fs := append(redirectInputFlags(),
			&cli.StringSliceFlag{Name: "logs", Usage: "log `PATH` (file or folder) to scan; repeatable (default: <WHD home>/log)"},
			&cli.StringFlag{Name: "since", Usage: "only log lines at or after `DATE` (2024-04-20, 7d, 36h)"},
			&cli.BoolFlag{Name: "live", Usage: "also run the checks that use the network (resolve and connect to WHD)"},
			durationFlag("check-timeout", defaultCheckTimeout, 0, "2m", "give up on any one check after this long (a duration: 90s, 2m)"),
			outputFlag(),
		)
		return append(fs, fullExtraFlags...)
	}
	diagnoseFullAction = func(e *env) cli.ActionFunc {
		return func(c *cli.Context) error { return runDiagnoseFull(c, e) }
	}
	// The checks of this file; others register theirs the same way.
	registerFullChecks(func(in *fullInputs) []report.Check {
		return []report.Check{installCheck(in), redirectCheck(in), logsCheck(in)}
	})
}

func runDiagnoseFull(c *cli.Context, e *env) error {
	if c.NArg() > 0 {
		return usageErrorf("unknown diagnose subcommand %q; run 'whdctl diagnose --help' for the list", c.Args().First())
	}
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	in, err := gatherFullInputs(c, e)
	if err != nil {
		return err
	}
	liveTargets := in.Live && (c.String("ews-url") != "" || c.String("tls-host") != "" || c.String("tenant") != "")
	if in.Install == nil && in.DNSName == "" && len(in.LogPaths) == 0 && !liveTargets {
		return usageErrorf("diagnose needs something to look at: --whd-home DIR, and/or --dns-name NAME, --logs PATH (or, with --live, --ews-url, --tls-host, --tenant)\n" +
			"Run 'whdctl diagnose --help' for the report and its subcommands.")
	}
	timeout := c.Duration("check-timeout") // checked by its flag
	var checks []report.Check
	for _, f := range fullCheckFactories {
		for _, ch := range f(in) {
			// Every section can carry text from outside (log lines,
			// config values, server answers): escape it for the terminal.
			checks = append(checks, safeCheck(ch))
		}
	}
	rep := report.Run(c.Context, checks, timeout)
	counts := rep.Counts()
	// Every check skipped for want of input is not a pass: "ok" is false
	// and, after the report, the exit is 2 with what to pass.
	nothingChecked := counts[report.Skipped] == len(rep.Sections)
	if nothingChecked {
		rep.OK = false
	}
	// The client secret may also be in the install's AzureTokenURL or in
	// --token-url, which other sections quote: the whole report is masked.
	mask := token.Masker(knownSecret(c, e))
	var out strings.Builder
	if format == "json" {
		if err := writeJSON(&out, rep); err != nil {
			return runtimeErrorf("writing output: %v", err)
		}
	} else {
		printFullReport(newPainter(e, e.stdout), &out, rep)
	}
	if _, err := io.WriteString(e.stdout, mask(out.String())); err != nil {
		return runtimeErrorf("writing output: %v", err)
	}
	switch {
	case nothingChecked:
		return usageErrorf("%s", nothingCheckedMessage(in))
	case counts[report.Failed] > 0:
		return silentExit(ExitFailed)
	case counts[report.Error] > 0:
		return silentExit(ExitRuntime)
	}
	return nil
}

// nothingCheckedMessage says, when every check was skipped, which inputs
// would let one run.
func nothingCheckedMessage(in *fullInputs) string {
	msg := "nothing could be checked: every check was skipped for want of input (each section's summary says what it needs).\n" +
		"Pass --whd-home DIR (the WHD install: its config files, HTTPS port and logs), --port N (WHD's HTTPS port, " +
		"to check the redirect URI of --dns-name), or --logs PATH (a log file or folder)"
	if len(in.LogPaths) > 0 {
		msg += "; the --logs given held no log file: give WHD's log folder, <WHD home>/log"
	}
	if in.Live {
		return msg + "; for the network probes, --ews-url URL, --tls-host HOST[:PORT], or --tenant ID with --client-id ID."
	}
	return msg + "; or --live with --ews-url URL, --tls-host HOST[:PORT] or --tenant ID for the network probes."
}

func gatherFullInputs(c *cli.Context, e *env) (*fullInputs, error) {
	in := &fullInputs{C: c, Env: e, DNSName: c.String("dns-name"), RedirectURI: c.String("redirect-uri"),
		LogPaths: c.StringSlice("logs"), Live: c.Bool("live")}
	if home := c.String("whd-home"); home != "" {
		inst, err := install.Detect(home)
		if err != nil {
			return nil, runtimeErrorf("--whd-home: %v", err) // the install cannot be read: exit 3, as for every command
		}
		in.Install = inst
		if len(in.LogPaths) == 0 {
			if st, err := os.Stat(filepath.Join(home, "log")); err == nil && st.IsDir() {
				in.LogPaths = []string{filepath.Join(home, "log")}
			}
		}
	}
	if in.RedirectURI != "" {
		if err := redirect.ParseURI(in.RedirectURI); err != nil {
			return nil, usageErrorf("--redirect-uri: %v", err)
		}
	}
	if c.IsSet("port") {
		p, err := httpsPortFlag(c)
		if err != nil {
			return nil, err
		}
		in.Port, in.PortKnown, in.PortFrom = p, true, "--port"
	} else if in.Install != nil {
		p, from, err := installHTTPSPort(in.Install)
		if err != nil {
			in.PortErr = err
		} else {
			in.Port, in.PortKnown, in.PortFrom = p, true, from
		}
	}
	if s := c.String("since"); c.IsSet("since") {
		t, err := logscan.ParseSince(s, time.Now())
		if err != nil {
			return nil, usageErrorf("%v", err)
		}
		in.Since = t
	}
	return in, nil
}

// installCheck reports what was found in the WHD home.
func installCheck(in *fullInputs) report.Check {
	return report.Check{Name: "install", Title: "WHD install", Run: func(ctx context.Context) (report.Section, error) {
		if in.Install == nil {
			return report.Section{Status: report.Skipped, Summary: "no --whd-home given"}, nil
		}
		inst := in.Install
		layout := "Linux/macOS (conf/whd.conf)"
		if inst.Windows() {
			layout = "Windows (bin/wrapper/conf/wrapper_template.conf)"
		}
		data := map[string]any{"home": inst.Home, "layout": map[bool]string{true: "windows", false: "unix"}[inst.Windows()],
			"whd_conf": inst.WhdConf, "wrapper_template": inst.WrapperTemplate}
		sec := report.Section{Data: data}
		switch {
		case in.PortErr != nil:
			var bad *confPortError
			if errors.As(in.PortErr, &bad) {
				sec.Status = report.Failed
				sec.Summary = fmt.Sprintf("%s, %s layout; HTTPS port unknown: the value in whd.conf is not a port number", inst.Home, layout)
				sec.Findings = []finding.Finding{bad.f}
			} else {
				sec.Status = report.Error
				sec.Summary = fmt.Sprintf("%s, %s layout; HTTPS port unknown: %v", inst.Home, layout, in.PortErr)
			}
		case in.PortFrom == "--port":
			sec.Summary = fmt.Sprintf("%s, %s layout; HTTPS port %d from --port", inst.Home, layout, in.Port)
			data["https_port"] = in.Port
		case in.Port == 0:
			sec.Summary = fmt.Sprintf("%s, %s layout; WHD serves no HTTPS (HTTPS_PORT is empty)", inst.Home, layout)
			data["https_port"] = 0
		default:
			sec.Summary = fmt.Sprintf("%s, %s layout; HTTPS port %d (%s)", inst.Home, layout, in.Port, in.PortFrom)
			data["https_port"], data["https_port_from"] = in.Port, in.PortFrom
		}
		return sec, nil
	}}
}

// redirectCheck compares the redirect URI (when given) with what WHD sends.
func redirectCheck(in *fullInputs) report.Check {
	return report.Check{Name: "redirect", Title: "OAuth redirect URI", Run: func(ctx context.Context) (report.Section, error) {
		switch {
		case in.DNSName == "":
			return report.Section{Status: report.Skipped, Summary: "pass --dns-name (WHD's Server DNS Name) to check the redirect URI"}, nil
		case !in.PortKnown:
			var bad *confPortError
			if errors.As(in.PortErr, &bad) {
				return report.Section{Status: report.Skipped, Summary: "WHD's HTTPS port in whd.conf gives no port number (" + redirect.RuleBadConfPort + ", see install): fix it or pass --port N"}, nil
			}
			return report.Section{Status: report.Skipped, Summary: "WHD's HTTPS port is unknown: pass --port N or --whd-home DIR"}, nil
		}
		rep, err := redirect.Check(redirect.Input{RedirectURI: in.RedirectURI, DNSName: in.DNSName, Port: in.Port})
		if err != nil { // gatherFullInputs has refused unparseable URIs already
			return report.Section{}, err
		}
		res := redirectResult{Report: rep, noHTTPS: in.Port == 0}
		if in.Live && in.Port != 0 {
			live := redirect.Prober{Timeout: in.C.Duration("timeout")}.Probe(ctx, in.DNSName, in.Port)
			res.Live = &live
			res.Findings = append(res.Findings, redirect.LiveFindings(live, in.DNSName)...)
			res.OK = len(res.Findings) == 0
		}
		sec := report.Section{Findings: res.Findings, Data: res}
		switch {
		case len(res.Findings) > 0 && rep.ExpectedURI != "":
			sec.Summary = fmt.Sprintf("%d problem(s); register exactly %s", len(res.Findings), rep.ExpectedURI)
		case len(res.Findings) > 0 && in.Port == 0:
			sec.Summary = fmt.Sprintf("%d problem(s); no URI to register until WHD serves HTTPS (%s)", len(res.Findings), redirect.RuleNotHTTPS)
		case len(res.Findings) > 0:
			sec.Summary = fmt.Sprintf("%d problem(s)", len(res.Findings))
		case in.RedirectURI == "":
			sec.Summary = "register exactly " + rep.ExpectedURI + " (pass --redirect-uri to compare with Azure's)"
		default:
			sec.Summary = "the registered URI is exactly the one WHD sends: " + rep.ExpectedURI
		}
		return sec, nil
	}}
}

// logsCheck scans the log paths.
func logsCheck(in *fullInputs) report.Check {
	return report.Check{Name: "logs", Title: "WHD logs", Run: func(ctx context.Context) (report.Section, error) {
		if len(in.LogPaths) == 0 {
			return report.Section{Status: report.Skipped, Summary: "no log folder: pass --logs PATH (or --whd-home with a log folder)"}, nil
		}
		inputs, errs := logscan.Expand(in.LogPaths)
		s := logscan.NewScanner(in.Since)
		for _, fe := range errs {
			s.AddError(fe.Path, fmt.Errorf("%s", fe.Error))
		}
		if err := logscan.ScanAll(ctx, s, inputs, nil); err != nil {
			return report.Section{}, err
		}
		rep := s.Report()
		sec := report.Section{Data: rep}
		if rep.Files == 0 && len(rep.Errors) == 0 {
			sec.Status = report.Skipped
			sec.Summary = noLogFiles(in.LogPaths) + " (0 files read): pass --logs with WHD's log folder (<WHD home>/log)"
			return sec, nil
		}
		for _, g := range rep.Groups {
			f := finding.Finding{Rule: g.Code, Severity: finding.Error, Fix: g.Fix,
				Message: fmt.Sprintf("%s: %s (x%d%s)", g.Kind, strings.TrimSuffix(g.Summary, "."), g.Count, seenRange(g))}
			f.File, f.Line = splitWhere(g.Where)
			sec.Findings = append(sec.Findings, f)
		}
		sec.Summary = fmt.Sprintf("%d kind(s) of problem in %d file(s), %s lines", len(rep.Groups), rep.Files, thousands(rep.Lines))
		if len(rep.Groups) == 0 {
			sec.Summary = fmt.Sprintf("no OAuth, certificate, 401 or mail send errors in %d file(s), %s lines", rep.Files, thousands(rep.Lines))
		}
		if len(rep.Errors) > 0 {
			var parts []string
			for _, fe := range rep.Errors {
				parts = append(parts, fe.Path+": "+fe.Error)
			}
			sec.Summary += "; could not read " + strings.Join(parts, "; ")
			if len(rep.Groups) == 0 {
				sec.Status = report.Error
			}
		}
		return sec, nil
	}}
}

func seenRange(g logscan.Group) string {
	s := ""
	switch {
	case g.FirstSeen == "":
	case g.FirstSeen == g.LastSeen:
		s = ", " + g.FirstSeen
	default:
		s = ", " + g.FirstSeen + " .. " + g.LastSeen
	}
	if g.Undated > 0 {
		s += fmt.Sprintf(", %d without a time", g.Undated)
	}
	return s
}

// splitWhere splits "path:line".
func splitWhere(w string) (string, int) {
	i := strings.LastIndexByte(w, ':')
	if i < 0 {
		return w, 0
	}
	n, err := strconv.Atoi(w[i+1:])
	if err != nil {
		return w, 0
	}
	return w[:i], n
}

func printFullReport(p painter, w io.Writer, rep report.Report) {
	tag := map[report.Status]string{
		report.OK: p.green("[ ok ]"), report.Failed: p.red("[FAIL]"), report.Skipped: p.cyan("[skip]"), report.Error: p.yellow("[ERR ]"),
	}
	width := 0
	for _, s := range rep.Sections {
		width = max(width, len(s.Name))
	}
	for _, s := range rep.Sections {
		fmt.Fprintf(w, "%s %-*s  %s: %s\n", tag[s.Status], width, s.Name, s.Title, s.Summary)
		if len(s.Findings) == 0 {
			continue
		}
		var b bytes.Buffer
		printFindings(p, &b, s.Findings)
		for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			fmt.Fprintf(w, "       %s\n", line)
		}
	}
	c := rep.Counts()
	ran := len(rep.Sections) - c[report.Skipped]
	fmt.Fprintln(w)
	switch {
	case ran == 0:
		fmt.Fprintf(w, "%s all %d check(s) were skipped for want of input; each line above says what it needs.\n", p.red("NOTHING CHECKED:"), len(rep.Sections))
	case c[report.Failed] > 0:
		msg := fmt.Sprintf("%d of %d check(s) found problems", c[report.Failed], ran)
		if c[report.Error] > 0 {
			msg += fmt.Sprintf(", %d could not run", c[report.Error])
		}
		fmt.Fprintf(w, "%s %s.\n", p.red("FAILED:"), msg)
	case c[report.Error] == ran:
		fmt.Fprintf(w, "%s %d check(s) ran, and none could finish.\n", p.red("INCOMPLETE:"), ran)
	case c[report.Error] > 0:
		fmt.Fprintf(w, "%s %d of %d check(s) could not finish; the other %d passed.\n", p.red("INCOMPLETE:"), c[report.Error], ran, ran-c[report.Error])
	default:
		fmt.Fprintf(w, "%s %d check(s) passed, %d skipped.\n", p.green("OK:"), ran, c[report.Skipped])
	}
}
