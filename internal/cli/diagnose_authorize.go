package cli

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/whdctl/whdctl/diagnose/redirect"
	"github.com/whdctl/whdctl/diagnose/token"
	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/patcher"
)

func init() {
	registerDiagnose(newDiagnoseAuthorizeCmd)
}

func newDiagnoseAuthorizeCmd(e *env) *cli.Command {
	return &cli.Command{
		Name:      "authorize-url",
		Usage:     "print the Microsoft sign-in URL WHD's Authorize button opens, to test it in a browser",
		UsageText: "whdctl diagnose authorize-url --tenant TENANT --client-id ID (--dns-name NAME [--port N | --whd-home DIR] | --redirect-uri URI) [options]",
		Description: "Builds <authority><tenant>/oauth2/v2.0/authorize?client_id=...&redirect_uri=...&scope=...&response_type=code\n" +
			"from the install's -DAzureAuthorizationURL and -DAzureAuthorizationScope (else the cloud's), and\n" +
			"the redirect URI WHD sends: https://<Server DNS Name>[:<port>]/helpdesk/oauth-redirect. The port is\n" +
			"--port, else the install's URL_HTTPS_PORT or HTTPS_PORT (--whd-home), else 443.\n" +
			"--dns-name (WHDCTL_DNS_NAME) is also accepted as --server-dns-name (WHDCTL_SERVER_DNS_NAME).\n" +
			"Open it in a browser: Microsoft's page shows AADSTS errors (50011, 65001, 700016...) before WHD\n" +
			"is involved; 'whdctl diagnose aadsts' explains them. The redirect URI is checked too.\n" +
			"Exit codes: 0 printed and no problem found, 1 printed with problems, 2 usage.\n\n" +
			"Examples:\n" +
			"  whdctl diagnose authorize-url --tenant contoso.onmicrosoft.com --client-id 11111111-2222-4333-8444-555555555555 --dns-name helpdesk.contoso.com --port 8443\n" +
			"  whdctl diagnose authorize-url --tenant <GUID> --client-id <GUID> --dns-name helpdesk.contoso.com --whd-home /usr/local/webhelpdesk\n" +
			"  whdctl diagnose authorize-url --tenant <GUID> --client-id <GUID> --redirect-uri https://helpdesk.contoso.com/helpdesk/oauth-redirect --whd-home /usr/local/webhelpdesk -o json",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "tenant", Usage: "Directory (tenant) ID, or the tenant's domain"},
			&cli.StringFlag{Name: "client-id", Usage: "Application (client) ID"},
			&cli.StringFlag{Name: "dns-name", Aliases: []string{"server-dns-name"}, Usage: "WHD's Server DNS Name (Setup > General > Options)", EnvVars: []string{"WHDCTL_DNS_NAME", "WHDCTL_SERVER_DNS_NAME"}},
			&cli.IntFlag{Name: "port", Usage: "WHD's HTTPS port in its URLs (443 is left out of the URI; default: the install's URL_HTTPS_PORT, else HTTPS_PORT, else 443)"},
			&cli.StringFlag{Name: "redirect-uri", Usage: "use this redirect URI as it is (the one registered in Azure)"},
			&cli.StringFlag{Name: "authorization-url", Usage: "authority (default: the install's AzureAuthorizationURL, else the cloud's)"},
			&cli.StringFlag{Name: "scope", Usage: "scope (default: the install's AzureAuthorizationScope, else offline_access + the cloud's Graph /.default)"},
			&cli.StringFlag{Name: "cloud", Usage: "global, gcch, dod or china"},
			&cli.StringFlag{Name: "whd-home", Usage: "WHD home folder, to read its Azure JVM options", EnvVars: []string{"WHDCTL_WHD_HOME"}},
			outputFlag(),
		},
		Action: func(c *cli.Context) error { return runDiagnoseAuthorize(c, e) },
	}
}

// authorizeReport is the JSON output of diagnose authorize-url.
type authorizeReport struct {
	URL         string            `json:"url"`
	Authority   string            `json:"authority"`
	Tenant      string            `json:"tenant"`
	ClientID    string            `json:"client_id"`
	RedirectURI string            `json:"redirect_uri"`
	Scope       string            `json:"scope"`
	OK          bool              `json:"ok"`
	Findings    []finding.Finding `json:"findings"`
}

func runDiagnoseAuthorize(c *cli.Context, e *env) error {
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	in, err := readTokenInputs(c, "authorize-url")
	if err != nil {
		return err
	}
	dns, given := strings.TrimSpace(c.String("dns-name")), strings.TrimSpace(c.String("redirect-uri"))
	if dns == "" && given == "" {
		return usageErrorf("diagnose authorize-url needs --dns-name NAME (with --port, or --whd-home, when the port is not 443) or --redirect-uri URI")
	}
	port := 443
	switch {
	case c.IsSet("port"):
		port = c.Int("port")
		if port < 1 || port > 65535 {
			return usageErrorf("--port %d: want 1 to 65535", port)
		}
	case in.install != nil && in.install.Inst != nil:
		// The port WHD puts in its URLs, as 'diagnose redirect' reads it.
		p, _, err := installHTTPSPort(in.install.Inst)
		if err != nil {
			return err
		}
		port = p
	}
	check := redirect.Input{RedirectURI: given, DNSName: dns, Port: port}
	if dns == "" {
		// Only the URI is known: check it against its own host and port.
		if err := redirect.ParseURI(given); err != nil {
			return usageErrorf("--redirect-uri: %v", err)
		}
		u, _ := url.Parse(given)
		check.DNSName = u.Hostname()
		if p := u.Port(); p != "" {
			check.Port, _ = strconv.Atoi(p)
		}
	}
	rr, err := redirect.Check(check)
	if err != nil {
		return usageErrorf("--redirect-uri: %v", err)
	}
	redirectURI := given
	if redirectURI == "" {
		redirectURI = redirect.Expected(dns, port)
	}
	authority, _ := in.authority(c.String("authorization-url"), patcher.PropAzureAuthorizationURL)
	scope := c.String("scope")
	if scope == "" {
		scope, err = token.DelegatedScope(in.props[patcher.PropAzureAuthorizationScope], in.cloud, hostOfURL(authority))
		if err != nil {
			return usageErrorf("%v", err)
		}
	}
	link, err := token.AuthorizeURL(authority, in.tenant, in.clientID, redirectURI, scope, "whdctl-test")
	if err != nil {
		if c.String("authorization-url") != "" {
			return usageErrorf("--authorization-url: %v", err)
		}
		return runtimeErrorf("%v", err)
	}
	r := authorizeReport{URL: link, Authority: authority, Tenant: in.tenant, ClientID: in.clientID, RedirectURI: redirectURI,
		Scope: scope, OK: rr.OK, Findings: rr.Findings}
	if r.Findings == nil {
		r.Findings = []finding.Finding{}
	}
	if format == "json" {
		if err := writeJSON(e.stdout, r); err != nil {
			return runtimeErrorf("writing output: %v", err)
		}
	} else {
		printAuthorizeReport(newPainter(e, e.stdout), e.stdout, r)
	}
	if r.OK {
		return nil
	}
	return silentExit(ExitFailed)
}

func printAuthorizeReport(p painter, w io.Writer, r authorizeReport) {
	escapeForTerminal(&r)
	fmt.Fprintf(w, "Open this URL in a browser and sign in with the mailbox account WHD sends as:\n\n%s\n\n", r.URL)
	fmt.Fprintf(w, "authority:    %s\nredirect URI: %s\nscope:        %s\n", r.Authority, r.RedirectURI, r.Scope)
	fmt.Fprintln(w, "After signing in, the browser goes to the redirect URI; an error there or on Microsoft's page")
	fmt.Fprintln(w, "(AADSTS...) can be explained with 'whdctl diagnose aadsts'.")
	if len(r.Findings) > 0 {
		fmt.Fprintln(w)
		printFindings(p, w, r.Findings)
	}
}
