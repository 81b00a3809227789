package cli

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/whdctl/whdctl/diagnose/token"
	"github.com/whdctl/whdctl/patcher"
)

// clientSecretEnv holds the Azure client secret.
const clientSecretEnv = "WHDCTL_CLIENT_SECRET"

// newTokenClient makes the token request's HTTP client; tests trust their
// own server's certificate with it.
var newTokenClient = token.NewClient

// minClientSecret is the shortest client secret whdctl sends. Entra's
// secret Values are about 40 characters; anything much shorter is a paste
// gone wrong, and masking a very short string in the output would mangle it.
const minClientSecret = 16

// checkClientSecret trims the spaces around a client secret (Entra's
// secrets have none; a paste or an editor adds them) and refuses one that
// is blank or too short to be a secret's Value. The error never holds it.
func checkClientSecret(s string) (string, error) {
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return "", fmt.Errorf("the client secret is blank: set %s (or --client-secret-file) to the secret's Value", clientSecretEnv)
	case len(t) < minClientSecret:
		return "", fmt.Errorf("the client secret is only %d characters long, and a Microsoft Entra client secret's Value is about 40: copy the Value column (shown once, when the secret is created; not the Secret ID) from App registrations > <WHD app> > Certificates & secrets", len(t))
	}
	return t, nil
}

func init() {
	registerDiagnose(newDiagnoseTokenCmd)
}

func newDiagnoseTokenCmd(e *env) *cli.Command {
	return &cli.Command{
		Name:      "token",
		Usage:     "are the tenant ID, client ID and client secret valid? (asks Entra ID for a token)",
		UsageText: "whdctl diagnose token --tenant TENANT --client-id ID [options]",
		Description: "Sends a client-credentials request to the token endpoint with the secret in the request body.\n" +
			"Success proves the tenant, the client ID and the client secret; errors are explained with the\n" +
			"AADSTS decoder. It cannot check the delegated Mail.Send consent or the mailbox's sign-in.\n" +
			"The secret comes from " + clientSecretEnv + ", --client-secret-file, or a no-echo prompt.\n" +
			"The token endpoint is --token-url, else the install's -DAzureTokenURL, else the cloud's\n" +
			"(<authority><tenant>/oauth2/v2.0/token); the scope is that cloud's Graph /.default. A full endpoint\n" +
			"that names another tenant than --tenant is refused.\n" +
			"Exit codes: 0 valid, 1 refused or no answer, 2 usage, 3 local error (no secret).\n\n" +
			"Examples:\n" +
			"  whdctl diagnose token --tenant contoso.onmicrosoft.com --client-id 11111111-2222-4333-8444-555555555555\n" +
			"  " + clientSecretEnv + "=... whdctl diagnose token --tenant <GUID> --client-id <GUID> --whd-home /usr/local/webhelpdesk -o json\n" +
			"  whdctl diagnose token --tenant <GUID> --client-id <GUID> --client-secret-file secret.txt --cloud gcch",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "tenant", Usage: "Directory (tenant) ID, or the tenant's domain"},
			&cli.StringFlag{Name: "client-id", Usage: "Application (client) ID"},
			&cli.StringFlag{Name: "client-secret-file", Usage: "read the client secret (its Value) from `FILE` (" + secretFileRules + ")"},
			&cli.StringFlag{Name: "token-url", Usage: "authority or full token endpoint (default: the install's AzureTokenURL, else the cloud's)"},
			&cli.StringFlag{Name: "cloud", Usage: "global, gcch, dod or china (default: from the token URL)"},
			&cli.StringFlag{Name: "whd-home", Usage: "WHD home folder, to read its Azure JVM options", EnvVars: []string{"WHDCTL_WHD_HOME"}},
			timeoutFlag(),
			outputFlag(),
		}, argvSecretFlags("client-secret", "secret")...),
		Action: func(c *cli.Context) error { return runDiagnoseToken(c, e) },
	}
}

// tokenInputs are the validated inputs of the token and authorize-url commands.
type tokenInputs struct {
	tenant, clientID, cloud string
	props                   map[string]string
	install                 *whdInstall // nil without --whd-home
}

func readTokenInputs(c *cli.Context, cmd string) (*tokenInputs, error) {
	if c.NArg() > 0 {
		return nil, usageErrorf("diagnose %s takes no arguments (got %s)", cmd, token.Echo(c.Args().First()))
	}
	in := &tokenInputs{tenant: strings.TrimSpace(c.String("tenant")), clientID: strings.TrimSpace(c.String("client-id")), cloud: c.String("cloud")}
	if in.tenant == "" || in.clientID == "" {
		return nil, usageErrorf("diagnose %s needs --tenant and --client-id (the Directory (tenant) ID and Application (client) ID of the app registration)", cmd)
	}
	if err := token.ValidateTenant(in.tenant); err != nil {
		return nil, usageErrorf("--tenant: %v", err)
	}
	if err := token.ValidateClientID(in.clientID); err != nil {
		return nil, usageErrorf("--client-id: %v", err)
	}
	if in.cloud != "" {
		if _, err := patcher.CloudByName(in.cloud); err != nil {
			return nil, usageErrorf("--cloud: %v", err)
		}
	}
	inst, err := installFromFlags(c)
	if err != nil {
		return nil, err
	}
	if inst != nil {
		in.props, in.install = inst.Props, inst
	}
	return in, nil
}

// authority picks the sign-in host: flag, else the install's property, else the cloud's.
func (in *tokenInputs) authority(flagValue, prop string) (string, string) {
	if flagValue != "" {
		return flagValue, "--" + map[string]string{patcher.PropAzureTokenURL: "token-url", patcher.PropAzureAuthorizationURL: "authorization-url"}[prop]
	}
	if v := in.props[prop]; v != "" {
		return v, "-D" + prop
	}
	name := in.cloud
	if name == "" {
		name = "global"
	}
	c, _ := patcher.CloudByName(name)
	return "https://" + c.LoginHost + "/", "the " + c.Name + " cloud"
}

func runDiagnoseToken(c *cli.Context, e *env) (err error) {
	// Nothing this command prints may hold the secret: not its report
	// (the admin may have put the secret in --token-url, an endpoint may
	// echo it in any encoding), nor its errors.
	mask := token.Masker(knownSecret(c, e))
	defer func() { err = maskError(err, mask) }()
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	how := "set " + clientSecretEnv + ", pass --client-secret-file FILE, or let whdctl ask"
	if err := refuseArgvSecrets(c, map[string]string{"client-secret": how, "secret": how}); err != nil {
		return err
	}
	in, err := readTokenInputs(c, "token")
	if err != nil {
		return err
	}
	timeout := c.Duration("timeout") // checked by its flag
	base, from := in.authority(c.String("token-url"), patcher.PropAzureTokenURL)
	endpoint, err := token.Endpoint(base, in.tenant)
	if err != nil {
		if strings.HasPrefix(from, "--") {
			return usageErrorf("%s: %v", from, err)
		}
		return runtimeErrorf("%s: %v", from, err)
	}
	tenantNote, err := token.CheckEndpointTenant(endpoint, in.tenant)
	if err != nil {
		if strings.HasPrefix(from, "--") {
			return usageErrorf("%s: %v", from, err)
		}
		return runtimeErrorf("%s: %v", from, err)
	}
	scope, notes, err := token.Scope(endpoint, in.props[patcher.PropAzureAuthorizationScope], in.cloud)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if tenantNote != "" {
		notes = append([]string{tenantNote}, notes...)
	}
	secret, err := readSecret(c, e, secretSpec{what: "client secret", envVar: clientSecretEnv, fileFlag: "client-secret-file", prompt: "Client secret (its Value): "})
	if err != nil {
		return err
	}
	if secret, err = checkClientSecret(secret); err != nil {
		return runtimeErrorf("%v", err)
	}
	mask = token.Masker(secret)
	ctx, cancel := context.WithTimeout(c.Context, timeout)
	defer cancel()
	r := token.Check(ctx, token.Config{TokenURL: endpoint, Tenant: in.tenant, ClientID: in.clientID, Secret: secret, Scope: scope}, newTokenClient())
	r.Notes = append(notes, r.Notes...)
	token.Redact(r, secret) // the notes made from the token URL too
	// The whole output is masked once more, as printed: whatever the
	// report's fields are made into, the secret cannot come through.
	var out strings.Builder
	if format == "json" {
		if err := writeJSON(&out, r); err != nil {
			return runtimeErrorf("writing output: %v", err)
		}
	} else {
		printTokenReport(newPainter(e, e.stdout), &out, r, from)
	}
	if _, err := io.WriteString(e.stdout, mask(out.String())); err != nil {
		return runtimeErrorf("writing output: %v", err)
	}
	if r.OK {
		return nil
	}
	return silentExit(ExitFailed)
}

func printTokenReport(p painter, w io.Writer, r *token.Report, from string) {
	escapeForTerminal(r)
	from = termSafe(from)
	fmt.Fprintf(w, "token endpoint: %s (from %s)\n", r.TokenURL, from)
	fmt.Fprintf(w, "tenant:         %s\nclient ID:      %s\nscope:          %s\n", r.Tenant, r.ClientID, r.Scope)
	if r.OK {
		fmt.Fprintf(w, "%s %s\n", p.green("ok:"), r.Message)
	} else {
		fmt.Fprintf(w, "%s %s\n", p.red("FAILED:"), r.Message)
	}
	for _, x := range r.Errors {
		head := fmt.Sprintf("AADSTS%d", x.Code)
		if x.Error != "" {
			head += " (" + x.Error + ")"
		}
		if x.Name != "" {
			head += " " + x.Name
		}
		fmt.Fprintf(w, "  %s: %s\n", p.bold(head), x.Summary)
		if x.Cause != "" {
			fmt.Fprintf(w, "    cause: %s\n", x.Cause)
		}
		if x.Fix != "" {
			fmt.Fprintf(w, "    fix:   %s\n", x.Fix)
		}
		var ids []string
		for _, kv := range [][2]string{{"trace ID", x.TraceID}, {"correlation ID", x.CorrelationID}, {"at", x.Timestamp}} {
			if kv[1] != "" {
				ids = append(ids, kv[0]+" "+kv[1])
			}
		}
		if len(ids) > 0 {
			fmt.Fprintf(w, "    %s\n", strings.Join(ids, ", "))
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}

// knownSecret is the client secret as far as it is known without asking:
// WHDCTL_CLIENT_SECRET, else the content of --client-secret-file when it
// can be read; "" otherwise, and for one too short to be a secret (which
// is refused, and whose masking would mangle the text). It is only used
// to mask output.
func knownSecret(c *cli.Context, e *env) string {
	v := strings.TrimSpace(e.getenv(clientSecretEnv))
	if f := c.String("client-secret-file"); v == "" && f != "" {
		if s, err := readSecretFile(f, secretSpec{what: "client secret", fileFlag: "client-secret-file"}); err == nil {
			v = strings.TrimSpace(s)
		}
	}
	if len(v) < minClientSecret {
		return ""
	}
	return v
}

// maskError masks the secret in the message of err. (Values from the
// command line are quoted through token.Echo where the message is made.)
func maskError(err error, mask func(string) string) error {
	xe, ok := err.(*exitError)
	if !ok || xe.msg == "" {
		return err
	}
	return &exitError{code: xe.code, msg: mask(xe.msg)}
}

// hostOfURL is the host of a URL ("" when it does not parse).
func hostOfURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
