package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/whdctl/whdctl/diagnose/ews"
	"github.com/whdctl/whdctl/diagnose/report"
	"github.com/whdctl/whdctl/diagnose/token"
	"github.com/whdctl/whdctl/diagnose/truststore"
	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/patcher"
)

// Rule IDs of the live probes in the full report. They never change meaning.
const (
	RuleEWSNoAnswer      = "WHD601" // the EWS endpoint did not answer (connection, timeout, TLS)
	RuleEWSNoAuth        = "WHD602" // EWS offers no authentication WHD can use (Basic off on-premises, ...)
	RuleTLSUntrusted     = "WHD611" // Java would not trust the server's certificate chain
	RuleTLSHostname      = "WHD612" // the certificate does not name the host
	RuleTLSExpiring      = "WHD613" // a certificate of the chain ends within 30 days (warning)
	RuleTLSNoConnection  = "WHD614" // no TLS connection to judge: refused, timed out, name not resolved, a handshake that failed before any certificate (not a trust verdict)
	RuleTLSStorePassword = "WHD615" // the install's own -Djavax.net.ssl.trustStorePassword does not open its truststore: every TLS connection fails
	RuleTokenRefused     = "WHD621" // Entra ID refused the tenant, client ID or secret (one per AADSTS code)
	RuleTokenUnreachable = "WHD622" // the token endpoint did not answer
)

func init() {
	registerFullFlags(
		&cli.StringFlag{Name: "ews-url", Usage: "--live: EWS `URL` to probe (default: the install's -DExchangeServiceURL)"},
		&cli.StringFlag{Name: "tls-host", Usage: "--live: `HOST[:PORT]` whose certificate Java must trust (default: the EWS host)"},
		&cli.StringFlag{Name: "truststore", Usage: "Java truststore `FILE` for the TLS checks (default: the install's)"},
		&cli.StringFlag{Name: "storetype", Usage: "jks or pkcs12 (informative)"},
		&cli.StringFlag{Name: "tenant", Usage: "--live: Directory (tenant) ID, to check the app registration's secret"},
		&cli.StringFlag{Name: "client-id", Usage: "--live: Application (client) ID"},
		&cli.StringFlag{Name: "client-secret-file", Usage: "--live: read the client secret from `FILE` (" + secretFileRules + "; or set " + clientSecretEnv + ")"},
		&cli.StringFlag{Name: "token-url", Usage: "--live: authority or token endpoint (default: the install's AzureTokenURL)"},
		&cli.StringFlag{Name: "cloud", Usage: "global, gcch, dod or china (for the token check)"},
		durationFlag("timeout", defaultProbeTimeout, maxProbeTimeout, "10s", "--live: give up on each network probe after this long (a duration: 10s, 2m)"),
	)
	registerFullChecks(func(in *fullInputs) []report.Check {
		if !in.Live {
			return nil
		}
		p := &fullProbes{in: in}
		return []report.Check{p.ewsCheck(), p.truststoreCheck(), p.tokenCheck()}
	})
}

// safeCheck escapes what a section says (summary, findings, error) for the
// terminal: it carries data from outside (log lines, config values,
// certificate names, headers, Entra's messages). The section's data, for
// JSON, is left as it is.
func safeCheck(c report.Check) report.Check {
	run := c.Run
	c.Run = func(ctx context.Context) (report.Section, error) {
		sec, err := run(ctx)
		sec.Summary = termSafe(sec.Summary)
		for i := range sec.Findings {
			f := &sec.Findings[i]
			f.Message, f.Fix = termSafe(f.Message), termSafe(f.Fix)
		}
		if err != nil && termSafe(err.Error()) != err.Error() {
			err = errors.New(termSafe(err.Error()))
		}
		return sec, err
	}
	return c
}

// fullProbes runs the EWS, truststore and token probes in the full report.
type fullProbes struct {
	in *fullInputs
}

// props are the install's JVM properties (nil without an install).
func (p *fullProbes) props() map[string]string {
	if p.in.Install == nil {
		return nil
	}
	props, err := p.in.Install.JVMProperties()
	if err != nil {
		return nil
	}
	return props
}

// ewsURL is --ews-url, else the install's ExchangeServiceURL.
func (p *fullProbes) ewsURL() (string, string) {
	if u := p.in.C.String("ews-url"); u != "" {
		return u, "--ews-url"
	}
	if u := p.props()[patcher.PropExchangeServiceURL]; u != "" {
		return u, "-D" + patcher.PropExchangeServiceURL
	}
	return "", ""
}

// sectionError turns a CLI error into a message for a section.
func sectionError(err error) error {
	if xe, ok := err.(*exitError); ok {
		return fmt.Errorf("%s", xe.msg)
	}
	return err
}

func (p *fullProbes) ewsCheck() report.Check {
	return report.Check{Name: "ews", Title: "EWS authentication", Run: func(ctx context.Context) (report.Section, error) {
		raw, from := p.ewsURL()
		if raw == "" {
			return report.Section{Status: report.Skipped, Summary: "pass --ews-url URL (or --whd-home with -DExchangeServiceURL set)"}, nil
		}
		u, err := ews.NormalizeURL(raw)
		if err != nil {
			return report.Section{}, fmt.Errorf("%s: %v", from, err)
		}
		timeout := p.in.C.Duration("timeout") // checked by its flag
		opts := ews.Options{URL: u, UserAgent: "whdctl/" + Version}
		if u.Scheme == "https" {
			tc, err := loadTrust(p.in.C, p.in.Env)
			var spe *storePasswordError
			if errors.As(err, &spe) {
				// The truststore section, which checks this host, reports it.
				return report.Section{Status: report.Skipped, Summary: fmt.Sprintf("%s: not probed: WHD's Java cannot open its truststore, so it cannot reach EWS over https either (see the truststore section, %s)", u, RuleTLSStorePassword)}, nil
			}
			if err != nil {
				return report.Section{}, sectionError(err)
			}
			opts.TLS = ews.TLSOptions{Anchors: tc.store.Certs(), Store: tc.ref, Source: tc.resolved.Source, Now: time.Now}
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		r, err := ews.Probe(ctx, opts)
		if err != nil {
			return report.Section{}, err
		}
		sec := report.Section{Data: r}
		switch {
		case r.OK:
			basic := "Basic not offered"
			if r.BasicOffered {
				basic = "Basic offered"
			}
			sec.Summary = fmt.Sprintf("%s: %s, %s (try a sign-in with 'whdctl diagnose ews --username')", u, r.ServerKind, basic)
		case r.Error != "":
			sec.Summary = fmt.Sprintf("%s: %s", u, r.Error)
			sec.Findings = []finding.Finding{{Rule: RuleEWSNoAnswer, Severity: finding.Error, Message: fmt.Sprintf("EWS at %s (from %s): %s", u, from, r.Error), Fix: r.Advice}}
		default:
			sec.Summary = fmt.Sprintf("%s: HTTP %d, %s", u, r.Status, r.ServerKind)
			sec.Findings = []finding.Finding{{Rule: RuleEWSNoAuth, Severity: finding.Error, Message: fmt.Sprintf("EWS at %s (from %s) answered HTTP %d; server: %s", u, from, r.Status, r.ServerKind), Fix: r.Advice}}
		}
		return sec, nil
	}}
}

// tlsTarget is --tls-host, else the https EWS URL's host.
func (p *fullProbes) tlsTarget() (truststore.Target, bool, error) {
	if h := p.in.C.String("tls-host"); h != "" {
		t, err := truststore.ParseTarget(h, 443)
		return t, true, err
	}
	raw, _ := p.ewsURL()
	if raw == "" {
		return truststore.Target{}, false, nil
	}
	u, err := ews.NormalizeURL(raw)
	if err != nil || u.Scheme != "https" {
		return truststore.Target{}, false, nil
	}
	port := 443
	if s := u.Port(); s != "" {
		port, _ = strconv.Atoi(s)
	}
	return truststore.Target{Host: u.Hostname(), Port: port}, true, nil
}

func (p *fullProbes) truststoreCheck() report.Check {
	return report.Check{Name: "truststore", Title: "Java trust in the mail server's certificate", Run: func(ctx context.Context) (report.Section, error) {
		target, ok, err := p.tlsTarget()
		if err != nil {
			return report.Section{}, fmt.Errorf("--tls-host: %v", err)
		}
		if !ok {
			return report.Section{Status: report.Skipped, Summary: "pass --tls-host HOST[:PORT] or an https --ews-url"}, nil
		}
		timeout := p.in.C.Duration("timeout") // checked by its flag
		tc, err := loadTrust(p.in.C, p.in.Env)
		var spe *storePasswordError
		if errors.As(err, &spe) {
			r := storePasswordReportFor(spe, target)
			return report.Section{Data: r, Summary: "WHD's Java cannot open its truststore " + r.Truststore + ": every TLS connection WHD makes fails",
				Findings: []finding.Finding{{Rule: RuleTLSStorePassword, Severity: finding.Error, Message: r.Message, Fix: r.Fix}}}, nil
		}
		if err != nil {
			return report.Section{}, sectionError(err)
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		r := checkTruststore(ctx, target, tc, "", nil)
		sec := report.Section{Data: r}
		where := fmt.Sprintf("%s with %s (%s)", target.Addr(), r.Truststore, r.Source)
		switch {
		case r.OK:
			sec.Summary = "Java trusts " + where
		case r.Failure != nil && (*r.Failure == truststore.FailConnect || *r.Failure == truststore.FailHandshake && len(r.Chain) == 0):
			// No certificate was seen (no connection, or a handshake that
			// failed before one: plain HTTP on the port, no common
			// protocol): this is not WHD611's "would not trust", and
			// importing a certificate cannot fix it.
			summary, what := "cannot connect to "+target.Addr(), "cannot connect to "+target.Addr()+" to check its certificate"
			if *r.Failure == truststore.FailHandshake {
				summary, what = "no TLS session with "+target.Addr(), "the TLS handshake with "+target.Addr()+" failed before any certificate was sent"
			}
			sec.Summary = summary + ": its certificate could not be checked"
			sec.Findings = append(sec.Findings, finding.Finding{Rule: RuleTLSNoConnection, Severity: finding.Error,
				Message: what + ": " + r.Message, Fix: r.Fix})
		case r.Failure != nil && *r.Failure == truststore.FailHostname:
			sec.Summary = "certificate of " + target.Addr() + " does not name " + target.Host
			sec.Findings = append(sec.Findings, finding.Finding{Rule: RuleTLSHostname, Severity: finding.Error, Message: r.Message, Fix: r.Fix})
		default:
			f := ""
			if r.Failure != nil {
				f = string(*r.Failure)
			}
			sec.Summary = fmt.Sprintf("Java would not trust %s: %s", where, f)
			fix := r.Fix // it says how to run r.Setup, when there is one
			switch {
			case r.Command != "" && r.ImportCert != nil:
				fix += " Command (after 'whdctl diagnose truststore --host " + target.Addr() + " --export-cert " + defaultExportFile + "' has written the certificate): " + r.Command
			case r.Command != "":
				fix += " Command: " + r.Command
			}
			sec.Findings = append(sec.Findings, finding.Finding{Rule: RuleTLSUntrusted, Severity: finding.Error, Message: fmt.Sprintf("%s (%s)", r.Message, f), Fix: fix})
		}
		for _, w := range r.Warnings {
			if strings.Contains(w, "expires on") {
				sec.Findings = append(sec.Findings, finding.Finding{Rule: RuleTLSExpiring, Severity: finding.Warning, Message: w, Fix: "Renew the certificate on the server before that date."})
			}
		}
		return sec, nil
	}}
}

func (p *fullProbes) tokenCheck() report.Check {
	return report.Check{Name: "token", Title: "App registration (tenant, client ID, secret)", Run: func(ctx context.Context) (report.Section, error) {
		c := p.in.C
		tenant, clientID := strings.TrimSpace(c.String("tenant")), strings.TrimSpace(c.String("client-id"))
		if tenant == "" || clientID == "" {
			return report.Section{Status: report.Skipped, Summary: "pass --tenant and --client-id (and the secret in " + clientSecretEnv + ") to check the app registration"}, nil
		}
		if err := token.ValidateTenant(tenant); err != nil {
			return report.Section{}, fmt.Errorf("--tenant: %v", err)
		}
		if err := token.ValidateClientID(clientID); err != nil {
			return report.Section{}, fmt.Errorf("--client-id: %v", err)
		}
		timeout := p.in.C.Duration("timeout") // checked by its flag
		props := p.props()
		in := &tokenInputs{tenant: tenant, clientID: clientID, cloud: c.String("cloud"), props: props}
		base, from := in.authority(c.String("token-url"), patcher.PropAzureTokenURL)
		endpoint, err := token.Endpoint(base, tenant)
		if err != nil {
			return report.Section{}, fmt.Errorf("%s: %v", from, err)
		}
		tenantNote, err := token.CheckEndpointTenant(endpoint, tenant)
		if err != nil {
			return report.Section{}, fmt.Errorf("%s: %v", from, err)
		}
		scope, notes, err := token.Scope(endpoint, props[patcher.PropAzureAuthorizationScope], in.cloud)
		if err != nil {
			return report.Section{}, err
		}
		if tenantNote != "" {
			notes = append([]string{tenantNote}, notes...)
		}
		secret, err := fullReportSecret(c, p.in.Env)
		if err != nil {
			return report.Section{}, err
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		r := token.Check(ctx, token.Config{TokenURL: endpoint, Tenant: tenant, ClientID: clientID, Secret: secret, Scope: scope}, newTokenClient())
		r.Notes = append(notes, r.Notes...)
		token.Redact(r, secret) // the notes made from the token URL too; runDiagnoseFull masks the whole output
		sec := report.Section{Data: r, Summary: r.Message}
		switch {
		case r.OK:
		case len(r.Errors) > 0:
			for _, x := range r.Errors {
				sec.Findings = append(sec.Findings, finding.Finding{Rule: RuleTokenRefused, Severity: finding.Error,
					Message: fmt.Sprintf("AADSTS%d %s (token endpoint %s)", x.Code, x.Summary, hostOfURL(endpoint)), Fix: x.Fix})
			}
		case r.Status != 0:
			sec.Findings = []finding.Finding{{Rule: RuleTokenRefused, Severity: finding.Error, Message: r.Message, Fix: "Check the token URL (" + from + ") and the app registration."}}
		default:
			sec.Findings = []finding.Finding{{Rule: RuleTokenUnreachable, Severity: finding.Error, Message: r.Message,
				Fix: "Allow HTTPS from this server to " + hostOfURL(endpoint) + " (and check the proxy settings of WHD's JVM)."}}
		}
		return sec, nil
	}}
}

// fullReportSecret reads the client secret without prompting: the report's
// checks run concurrently and must not use the terminal.
func fullReportSecret(c *cli.Context, e *env) (string, error) {
	v := e.getenv(clientSecretEnv)
	f := c.String("client-secret-file")
	switch {
	case v != "" && f != "":
		return "", fmt.Errorf("the client secret is given twice, by %s and by --client-secret-file: unset one", clientSecretEnv)
	case v != "":
		return checkClientSecret(v)
	case f != "":
		s, err := readSecretFile(f, secretSpec{what: "client secret", envVar: clientSecretEnv, fileFlag: "client-secret-file"})
		if err != nil {
			return "", sectionError(err)
		}
		return checkClientSecret(s)
	}
	return "", fmt.Errorf("no client secret: set %s or pass --client-secret-file FILE", clientSecretEnv)
}
