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

	"github.com/whdctl/whdctl/diagnose/ews"
	"github.com/whdctl/whdctl/diagnose/truststore"
)

// ewsPasswordEnv holds the EWS password for --username.
const ewsPasswordEnv = "WHDCTL_EWS_PASSWORD"

func init() {
	registerDiagnose(newDiagnoseEWSCmd)
}

func newDiagnoseEWSCmd(e *env) *cli.Command {
	return &cli.Command{
		Name:      "ews",
		Usage:     "does this Exchange Web Services endpoint offer Basic authentication? (and does the account work)",
		UsageText: "whdctl diagnose ews --url URL [--username USER] [options]",
		Description: "Sends an unauthenticated request to the EWS endpoint (" + ews.Path + " is added to a bare host),\n" +
			"lists its WWW-Authenticate challenges, and tells Exchange Online, on-premises Exchange and\n" +
			"on-premises with Hybrid Modern Authentication apart. With --username it also signs in with\n" +
			"Basic authentication; the password comes from " + ewsPasswordEnv + ", --password-file, or a\n" +
			"no-echo prompt, and is only ever sent over https to a server Java would trust.\n" +
			"An https server's certificate is judged as Java would with the truststore in effect\n" +
			"(see 'whdctl diagnose truststore'); --export-cert writes the certificate its fix imports.\n" +
			"Exchange Online refuses Basic authentication for EWS even where it still challenges with it:\n" +
			"it is reported as not usable, and the password is never sent there.\n" +
			"A plain http:// URL fails even where Basic is offered: WHD would send the password unencrypted.\n" +
			"Exit codes: 0 WHD can authenticate to this EWS, 1 it cannot (or no answer, or plain http), 2 usage,\n" +
			"3 local error (truststore unreadable, password missing).\n\n" +
			"Examples:\n" +
			"  whdctl diagnose ews --url mail.contoso.com --whd-home /usr/local/webhelpdesk\n" +
			"  " + ewsPasswordEnv + "=... whdctl diagnose ews --url https://mail.contoso.com/EWS/Exchange.asmx --username 'CONTOSO\\svc-whd'\n" +
			"  whdctl diagnose ews --url https://outlook.office365.com/ -o json",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "url", Usage: "EWS URL or host (https:// and " + ews.Path + " are added when missing)"},
			&cli.StringFlag{Name: "username", Usage: "also try Basic authentication as `USER` (DOMAIN\\user or user@domain; no colon)"},
			&cli.StringFlag{Name: "password-file", Usage: "read the password from `FILE` (" + secretFileRules + ")"},
			exportCertFlag(),
			forceFlag(),
			timeoutFlag(),
			outputFlag(),
		}, trustFlags()...),
		Action: func(c *cli.Context) error { return runDiagnoseEWS(c, e) },
	}
}

func runDiagnoseEWS(c *cli.Context, e *env) error {
	if c.NArg() > 0 {
		return usageErrorf("diagnose ews takes no arguments (got %q); use --url URL", c.Args().First())
	}
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	if err := refuseArgvSecrets(c, map[string]string{
		"password":  "set " + ewsPasswordEnv + ", pass --password-file FILE, or let whdctl ask",
		"storepass": "set WHDCTL_STOREPASS instead"}); err != nil {
		return err
	}
	if c.String("url") == "" {
		return usageErrorf("diagnose ews needs --url URL (for example --url mail.contoso.com)")
	}
	u, err := ews.NormalizeURL(c.String("url"))
	if err != nil {
		return usageErrorf("--url: %v", err)
	}
	user := c.String("username")
	switch {
	case c.IsSet("username") && strings.TrimSpace(user) == "":
		return usageErrorf("--username is empty: give the account WHD signs in with (DOMAIN\\user or user@domain), or leave --username out")
	case strings.Contains(user, ":"):
		return usageErrorf("--username %q contains a colon, which Basic authentication cannot carry in a user name (it separates the user from the password)", user)
	case strings.ContainsAny(user, "\r\n\x00"):
		return usageErrorf("--username contains a line break or NUL character")
	case user == "" && c.String("password-file") != "":
		return usageErrorf("--password-file needs --username")
	}
	if user != "" && u.Scheme != "https" {
		return usageErrorf("%v (the password would cross the network in clear text)", ews.ErrCredentialsOverHTTP)
	}
	timeout := c.Duration("timeout") // checked by its flag
	certFile, err := exportTarget(c)
	if err != nil {
		return err
	}
	opts := ews.Options{URL: u, Username: user, UserAgent: "whdctl/" + Version, CertFile: certFile}
	if u.Scheme == "https" {
		tc, err := loadTrust(c, e)
		var spe *storePasswordError
		if errors.As(err, &spe) {
			// WHD's Java cannot open its truststore: it reaches no https
			// server, this one included. Nothing needs asking.
			return finishEWS(e, format, ewsStorePasswordReport(u.String(), spe, u.Hostname(), u.Port()), "")
		}
		if err != nil {
			return err
		}
		opts.TLS = ews.TLSOptions{Anchors: tc.store.Certs(), Store: tc.ref, Source: tc.resolved.Source, Now: time.Now}
	}
	if user != "" {
		pw, err := readSecret(c, e, secretSpec{what: "EWS password", envVar: ewsPasswordEnv, fileFlag: "password-file", prompt: "EWS password for " + user + ": "})
		if err != nil {
			return err
		}
		opts.Password = pw
	}
	ctx, cancel := context.WithTimeout(c.Context, timeout)
	defer cancel()
	r, err := ews.Probe(ctx, opts)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if certFile != "" {
		if r.TLS == nil {
			if !r.OK {
				r.Warnings = append(r.Warnings, "--export-cert: nothing written: there is no certificate to import")
			}
		} else {
			before := len(r.TLS.Warnings)
			if err := exportCert(certFile, r.TLS, c.Bool("force")); err != nil {
				return err
			}
			// Say it once, at the top level.
			r.Warnings = append(r.Warnings, r.TLS.Warnings[before:]...)
			r.TLS.Warnings = r.TLS.Warnings[:before]
		}
	}
	return finishEWS(e, format, r, certFile)
}

// finishEWS prints the report and ends with its exit code.
func finishEWS(e *env, format string, r *ews.Report, certFile string) error {
	if format == "json" {
		if err := writeJSON(e.stdout, r); err != nil {
			return runtimeErrorf("writing output: %v", err)
		}
	} else {
		printEWSReport(newPainter(e, e.stdout), e.stdout, r, certFile)
	}
	if r.OK {
		return nil
	}
	return silentExit(ExitFailed)
}

// ewsStorePasswordReport is the EWS report when the install's own store
// password does not open its truststore.
func ewsStorePasswordReport(url string, spe *storePasswordError, host, port string) *ews.Report {
	p := 443
	if n, err := strconv.Atoi(port); err == nil {
		p = n
	}
	tls := storePasswordReportFor(spe, truststore.Target{Host: host, Port: p})
	return &ews.Report{URL: url, Challenges: []ews.Challenge{}, ServerKind: ews.Unknown, Evidence: []string{}, Warnings: []string{},
		TLS: tls, Error: "WHD cannot connect to this EWS: its Java cannot open its own truststore", Advice: tls.Fix}
}

// printEWSReport prints the report in the layout of the other diagnose
// commands: what was seen, then the verdict ("ok:" or "FAILED:"), the
// warnings, and what to do on a "fix:" line.
func printEWSReport(p painter, w io.Writer, r *ews.Report, certFile string) {
	// Challenges are rendered (quoted as HTTP does) before escaping, and
	// the realm is quoted by %q, which escapes what a terminal must not get.
	var cs []string
	for _, c := range r.Challenges {
		cs = append(cs, termSafe(c.String()))
	}
	realm := r.BasicRealm
	escapeForTerminal(r)
	fmt.Fprintf(w, "EWS:        %s\n", r.URL)
	if r.Status != 0 {
		fmt.Fprintf(w, "answer:     HTTP %d\n", r.Status)
		if len(cs) == 0 {
			cs = []string{"(none)"}
		}
		fmt.Fprintf(w, "challenges: %s\n", strings.Join(cs, "; "))
		basic := "not offered"
		switch {
		case r.BasicOffered && !r.BasicUsable && r.ServerKind == ews.ExchangeOnline:
			basic = fmt.Sprintf("offered (realm %q) but not usable: Exchange Online refuses Basic authentication for EWS", realm)
		case r.BasicOffered:
			basic = fmt.Sprintf("offered (realm %q)", realm)
		}
		fmt.Fprintf(w, "Basic:      %s\n", basic)
		fmt.Fprintf(w, "server:     %s", r.ServerKind)
		if len(r.Evidence) > 0 {
			fmt.Fprintf(w, " (%s)", strings.Join(r.Evidence, "; "))
		}
		fmt.Fprintln(w)
	}
	if r.Basic != nil {
		fmt.Fprintf(w, "sign-in:    as %s: HTTP %d\n", r.Basic.Username, r.Basic.Status)
	}
	if r.TLS != nil {
		fmt.Fprintln(w, "TLS check (as Java with the truststore in effect):")
		var b strings.Builder
		printTruststoreReport(p, &b, r.TLS, certFile != "")
		for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	switch {
	case r.OK:
		fmt.Fprintf(w, "%s %s\n", p.green("ok:"), r.Advice)
	case r.Error != "":
		fmt.Fprintf(w, "%s %s\n", p.red("FAILED:"), r.Error)
	default:
		fmt.Fprintf(w, "%s WHD cannot sign in to this EWS with a username and password\n", p.red("FAILED:"))
	}
	for _, wn := range r.Warnings {
		fmt.Fprintf(w, "%s %s\n", p.yellow("warning:"), wn)
	}
	if !r.OK && r.Advice != "" {
		fmt.Fprintf(w, "fix: %s\n", r.Advice)
	}
}
