package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/diagnose/redirect"
	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/install"
	"github.com/whdctl/whdctl/patcher"
)

func init() {
	registerDiagnose(newDiagnoseRedirectCmd)
}

// Flags shared by `diagnose redirect` and the full report.
func redirectInputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "redirect-uri", Usage: "the redirect `URI` registered in Azure (App registrations > <WHD app> > Authentication)", EnvVars: []string{"WHDCTL_REDIRECT_URI"}},
		&cli.StringFlag{Name: "dns-name", Usage: "WHD's Server DNS Name (Setup > General > Options), e.g. helpdesk.example.com", EnvVars: []string{"WHDCTL_DNS_NAME"}},
		// A string, read by httpsPortFlag: urfave/cli would parse an int
		// from WHDCTL_HTTPS_PORT for every diagnose subcommand, so a stray
		// value broke commands that have no use for a port.
		&cli.StringFlag{Name: "port", Usage: "the HTTPS port in WHD's URLs (default: URL_HTTPS_PORT, else HTTPS_PORT of the install's whd.conf)", EnvVars: []string{"WHDCTL_HTTPS_PORT"}},
		&cli.StringFlag{Name: "whd-home", Usage: "WHD home `DIR`, to read the HTTPS port from conf/whd.conf", EnvVars: []string{"WHDCTL_WHD_HOME"}},
	}
}

const defaultRedirectTimeout = 10 * time.Second

func newDiagnoseRedirectCmd(e *env) *cli.Command {
	return &cli.Command{
		Name:      "redirect",
		Usage:     "check the redirect URI registered in Azure against the one WHD sends (WHD401-WHD410)",
		UsageText: "whdctl diagnose redirect --dns-name NAME (--port N | --whd-home DIR) [--redirect-uri URI] [--live]",
		Description: "Prints the exact redirect URI to register, https://<Server DNS Name>[:<port>]/helpdesk/oauth-redirect,\n" +
			"and a finding for each problem: WHD401 not https (or WHD serves no HTTPS, which the OAuth\n" +
			"redirect needs), WHD402 localhost, a loopback or an IP address (other users' browsers cannot\n" +
			"reach it), WHD403 other host, WHD404 other port, WHD405 other path (case and trailing slash\n" +
			"count), WHD406 query or fragment, WHD407 the DNS name is not fully qualified (a localhost,\n" +
			"loopback or IP-address name is WHD402 alone when that is the URI's host too), WHD410 the HTTPS\n" +
			"port in whd.conf is not a port number. A URI that differs from the one WHD sends (WHD401,\n" +
			"WHD403-WHD406) makes Microsoft's sign-in page stop with AADSTS50011.\n" +
			"With --whd-home the port is URL_HTTPS_PORT, else HTTPS_PORT, of conf/whd.conf (on Windows\n" +
			"read as WHD's launcher reads it: a CRLF line ending is not part of the value).\n" +
			"--live also resolves the name and requests https://<name>:<port>/helpdesk/ (WHD408 no answer,\n" +
			"WHD409 certificate not trusted by the system's roots, or not valid for the name).\n" +
			"Each flag can come from the environment: WHDCTL_REDIRECT_URI, WHDCTL_DNS_NAME,\n" +
			"WHDCTL_HTTPS_PORT, WHDCTL_WHD_HOME.\n" +
			"Exit codes: 0 the URI matches, 1 a finding (the report, JSON too, is printed), 2 usage\n" +
			"(missing name or port, a URI that does not parse), 3 the install could not be read.\n\n" +
			"Examples:\n" +
			"  whdctl diagnose redirect --dns-name helpdesk.example.com --port 8443\n" +
			"  whdctl diagnose redirect --whd-home /usr/local/webhelpdesk --dns-name helpdesk.example.com \\\n" +
			"      --redirect-uri https://helpdesk.example.com/helpdesk/oauth-redirect --live\n" +
			"  WHDCTL_DNS_NAME=helpdesk.example.com whdctl diagnose redirect --port 443 -o json",
		Flags: append(redirectInputFlags(),
			&cli.BoolFlag{Name: "live", Usage: "also resolve the name and connect to WHD over HTTPS"},
			durationFlag("timeout", defaultRedirectTimeout, maxProbeTimeout, "10s", "give up on the live probe after this long (a duration: 10s, 2m)"),
			outputFlag(),
		),
		Action: func(c *cli.Context) error { return runDiagnoseRedirect(c, e) },
	}
}

// redirectResult is the JSON of `diagnose redirect`: the contract's
// redirect.Report, plus "live" when --live was given.
type redirectResult struct {
	redirect.Report
	Live *redirect.Live `json:"live,omitempty"`

	noHTTPS     bool // WHD serves no HTTPS: there is no URI to register yet
	badConfPort bool // the port in whd.conf is not a port number (WHD410)
}

func runDiagnoseRedirect(c *cli.Context, e *env) error {
	if c.NArg() > 0 {
		return usageErrorf("diagnose redirect takes no arguments (got %q); use --redirect-uri URI", c.Args().First())
	}
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	timeout := c.Duration("timeout") // checked by its flag
	in, err := redirectInput(c)
	var bad *confPortError
	switch {
	case errors.As(err, &bad):
		// The install's port is wrong: that is the finding (WHD410), and
		// the URI to register cannot be known until it is fixed.
		if err := redirect.ParseURI(in.RedirectURI); in.RedirectURI != "" && err != nil {
			return usageErrorf("--redirect-uri: %v", err)
		}
		res := redirectResult{Report: redirect.Report{RedirectURI: redirect.Echo(in.RedirectURI), Findings: []finding.Finding{bad.f}}, badConfPort: true}
		return printRedirectResult(e, format, res)
	case err != nil:
		return err
	}
	rep, err := redirect.Check(in)
	if err != nil {
		return usageErrorf("--redirect-uri: %v", err)
	}
	res := redirectResult{Report: rep, noHTTPS: in.Port == 0}
	if c.Bool("live") && in.Port != 0 {
		ctx, cancel := context.WithTimeout(c.Context, timeout)
		defer cancel()
		live := redirect.Prober{Timeout: timeout}.Probe(ctx, in.DNSName, in.Port)
		res.Live = &live
		res.Findings = append(res.Findings, redirect.LiveFindings(live, in.DNSName)...)
		res.OK = len(res.Findings) == 0
	}
	return printRedirectResult(e, format, res)
}

// printRedirectResult prints the result and returns the exit status: 1
// when a finding is an error.
func printRedirectResult(e *env, format string, res redirectResult) error {
	if format == "json" {
		if err := writeJSON(e.stdout, res); err != nil {
			return runtimeErrorf("writing output: %v", err)
		}
	} else {
		printRedirect(newPainter(e, e.stdout), e.stdout, res)
	}
	if finding.Max(res.Findings) == finding.Error {
		return silentExit(ExitFailed)
	}
	return nil
}

// redirectInput gathers the inputs from flags, environment and install.
func redirectInput(c *cli.Context) (redirect.Input, error) {
	in := redirect.Input{RedirectURI: c.String("redirect-uri"), DNSName: c.String("dns-name")}
	if in.DNSName == "" {
		return in, usageErrorf("diagnose redirect needs WHD's Server DNS Name: --dns-name NAME or WHDCTL_DNS_NAME (WHD: Setup > General > Options)")
	}
	if home := c.String("whd-home"); home != "" && c.IsSet("port") {
		// --port wins, but an install named and missing is still an error.
		if _, err := install.Detect(home); err != nil {
			return in, runtimeErrorf("--whd-home: %v", err)
		}
	}
	switch {
	case c.IsSet("port"):
		p, err := httpsPortFlag(c)
		if err != nil {
			return in, err
		}
		in.Port = p
	case c.String("whd-home") != "":
		inst, err := install.Detect(c.String("whd-home"))
		if err != nil {
			return in, runtimeErrorf("--whd-home: %v", err) // the install cannot be read: exit 3, as for every command
		}
		p, _, err := installHTTPSPort(inst)
		in.Port = p
		if err != nil {
			return in, err
		}
	default:
		return in, usageErrorf("diagnose redirect needs WHD's HTTPS port: --port N (443 when WHD is reached without a port) or --whd-home DIR to read it from whd.conf")
	}
	return in, nil
}

// httpsPortFlag reads --port (or WHDCTL_HTTPS_PORT), blanks around it
// ignored (a Windows "set VAR=8443 " keeps the trailing space).
func httpsPortFlag(c *cli.Context) (int, error) {
	p, err := strconv.Atoi(strings.TrimSpace(c.String("port")))
	if err != nil || p < 1 || p > 65535 {
		return 0, usageErrorf("--port (or WHDCTL_HTTPS_PORT) %q: want a port number from 1 to 65535", c.String("port"))
	}
	return p, nil
}

// confPortError is a port value in the install's whd.conf that is not a
// port number. It is a finding of the install (WHD410), reported with the
// rest, not a failure to run.
type confPortError struct{ f finding.Finding }

func (e *confPortError) Error() string { return e.f.Location() + ": " + e.f.Message }

// installHTTPSPort reads the HTTPS port WHD puts in its URLs from the
// install's whd.conf: URL_HTTPS_PORT, else HTTPS_PORT. Port 0 means WHD
// serves no HTTPS. A value that cannot be worked out is an exitError (exit
// 3); a value that is not a port is a *confPortError (WHD410: the install
// itself is wrong).
//
// On Windows (bin/wrapper/conf/wrapper_template.conf present) bash does not
// read whd.conf: WHD's launcher does, and CRLF line endings are normal
// there, so the CR at the end of a value is not part of it.
func installHTTPSPort(inst *install.Install) (port int, from string, err error) {
	if inst.WhdConf == "" {
		return 0, "", runtimeErrorf("%s has no %s to read the HTTPS port from; pass --port N", inst.Home, install.WhdConfPath)
	}
	get := func(name string) (string, error) {
		// Unset: WHD's default applies (URL_HTTPS_PORT: the listening port).
		v, _, err := inst.WhdConfVar(name)
		var ne *install.NoEffectError
		if errors.As(err, &ne) {
			// The install itself is wrong, as with a value that is not a
			// port: a finding (WHD410), not a failure to read it.
			return "", &confPortError{finding.Finding{Rule: redirect.RuleBadConfPort, Severity: finding.Error, File: ne.File, Line: ne.Line,
				Message: ne.Msg + "; WHD gets no port from this line, and the redirect URI it sends cannot be worked out",
				Fix:     "Write the line as " + ne.Var + "=<port> (digits only, no blank after =), restart WHD, and run this check again; or pass --port N"}}
		}
		if err != nil {
			return "", runtimeErrorf("%v; pass --port N", err)
		}
		if inst.Windows() {
			v = strings.TrimSuffix(v, "\r")
		}
		return v, nil
	}
	urlPort, err := get("URL_HTTPS_PORT")
	if err != nil {
		return 0, "", err
	}
	httpsPort, err := get("HTTPS_PORT")
	if err != nil {
		return 0, "", err
	}
	port, from, err = redirect.PortFromConf(urlPort, httpsPort)
	var pe *redirect.PortError
	if errors.As(err, &pe) {
		return 0, from, &confPortError{pe.Finding(inst.WhdConf, whdConfLine(inst.WhdConf, pe.Var))}
	}
	return port, from, err
}

// whdConfLine is the line of the assignment that gives name its value in
// the whd.conf at path (0 when it cannot be told).
func whdConfLine(path, name string) int {
	_, src, _, err := patcher.ReadConfig(path)
	if err != nil {
		return 0
	}
	f, err := whdconf.Parse(src)
	if err != nil {
		return 0
	}
	v, _ := f.Var(name)
	for _, as := range [][]*whdconf.Assignment{v.Contributing, v.Assignments} {
		if n := len(as); n > 0 {
			return as[n-1].Pos.Line
		}
	}
	return 0
}

func printRedirect(p painter, w io.Writer, r redirectResult) {
	reg := r.RedirectURI
	if reg == "" {
		reg = "(not given; pass --redirect-uri to compare)"
	}
	fmt.Fprintf(w, "registered in Azure: %s\n", reg)
	switch {
	case r.ExpectedURI != "":
		fmt.Fprintf(w, "register exactly:    %s\n", p.bold(r.ExpectedURI))
	case r.badConfPort:
		fmt.Fprintf(w, "register exactly:    (unknown until the HTTPS port in whd.conf is fixed)\n")
	case r.noHTTPS:
		fmt.Fprintf(w, "register exactly:    (none until WHD serves HTTPS: see %s)\n", redirect.RuleNotHTTPS)
	default:
		fmt.Fprintf(w, "register exactly:    (unknown until the Server DNS Name is fixed)\n")
	}
	if r.Live != nil {
		l := r.Live
		switch {
		case l.Answered:
			cert := p.green("valid for the name")
			if !l.CertValid {
				cert = p.red("not valid: " + l.CertError)
			}
			fmt.Fprintf(w, "live:                %s answered HTTP %d; certificate %s\n", l.URL, l.Status, cert)
		default:
			fmt.Fprintf(w, "live:                %s\n", p.red(l.Error))
		}
	}
	if len(r.Findings) > 0 {
		fmt.Fprintln(w)
		printFindings(p, w, r.Findings)
		fmt.Fprintf(w, "\n%s %d problem(s); until they are fixed, Authorize in WHD cannot complete.\n", p.red("FAILED:"), len(r.Findings))
		return
	}
	if r.RedirectURI != "" {
		fmt.Fprintf(w, "%s the registered redirect URI is exactly the one WHD sends.\n", p.green("OK:"))
	} else {
		fmt.Fprintf(w, "%s register the URI above as a Web redirect URI of the WHD app.\n", p.green("OK:"))
	}
}
