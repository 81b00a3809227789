package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/whdctl/whdctl/diagnose/truststore"
	"github.com/whdctl/whdctl/install"
)

// defaultProbeTimeout bounds every network probe unless --timeout says otherwise.
const defaultProbeTimeout = 10 * time.Second

func init() {
	registerDiagnose(newDiagnoseTruststoreCmd)
}

func newDiagnoseTruststoreCmd(e *env) *cli.Command {
	return &cli.Command{
		Name:      "truststore",
		Usage:     "would WHD's Java trust this server's certificate? and the keytool fix",
		UsageText: "whdctl diagnose truststore --host HOST[:PORT] [--truststore FILE | --whd-home DIR] [options]",
		Description: "Connects to HOST (port 443 unless given), takes the certificate chain the server sends,\n" +
			"and decides what Java would: a path to a certificate in the truststore, without downloading\n" +
			"missing intermediates. The truststore is --truststore FILE, else -Djavax.net.ssl.trustStore\n" +
			"from the install's JVM options, else <home>/bin/jre/lib/security/cacerts, else $JAVA_HOME's.\n" +
			"Its password: WHDCTL_STOREPASS, else the install's -Djavax.net.ssl.trustStorePassword, else changeit.\n" +
			"Exit codes: 0 Java trusts the server, 1 it would not (or cannot connect), 2 usage,\n" +
			"3 the truststore is missing or unreadable.\n\n" +
			"Examples:\n" +
			"  whdctl diagnose truststore --host mail.contoso.com --whd-home /usr/local/webhelpdesk\n" +
			"  whdctl diagnose truststore --host mail.contoso.com:443 --truststore cacerts --export-cert root.pem\n" +
			"  WHDCTL_STOREPASS=... whdctl diagnose truststore --host 10.0.0.5:8443 --truststore /etc/whd/trust.p12 -o json",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "host", Usage: "server to check: HOST, HOST:PORT or an https:// URL"},
			&cli.StringFlag{Name: "export-cert", Usage: "write the certificate to import to `FILE` (PEM)"},
			timeoutFlag(),
			outputFlag(),
		}, trustFlags()...),
		Action: func(c *cli.Context) error { return runDiagnoseTruststore(c, e) },
	}
}

// trustFlags are the flags that choose the truststore.
func trustFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "truststore", Usage: "Java truststore `FILE` (JKS or PKCS12; default: the install's)"},
		&cli.StringFlag{Name: "storetype", Usage: "jks or pkcs12 (informative: the type is read from the content, as Java does)"},
		&cli.StringFlag{Name: "whd-home", Usage: "WHD home folder, to read its JVM options and bundled JRE", EnvVars: []string{"WHDCTL_WHD_HOME"}},
	}, argvSecretFlags("storepass", "password")...)
}

func timeoutFlag() *cli.DurationFlag {
	return &cli.DurationFlag{Name: "timeout", Value: defaultProbeTimeout, Usage: "give up on the server after this long"}
}

// probeTimeout validates --timeout.
func probeTimeout(c *cli.Context) (time.Duration, error) {
	d := c.Duration("timeout")
	if d <= 0 || d > 10*time.Minute {
		return 0, usageErrorf("--timeout %s: want a duration from 1ms to 10m, such as 10s", d)
	}
	return d, nil
}

func runDiagnoseTruststore(c *cli.Context, e *env) error {
	if c.NArg() > 0 {
		return usageErrorf("diagnose truststore takes no arguments (got %q); use --host HOST[:PORT]", c.Args().First())
	}
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	if err := refuseArgvSecrets(c, map[string]string{
		"storepass": "set WHDCTL_STOREPASS instead", "password": "set WHDCTL_STOREPASS instead"}); err != nil {
		return err
	}
	if c.String("host") == "" {
		return usageErrorf("diagnose truststore needs --host HOST[:PORT] (for example --host mail.contoso.com)")
	}
	target, err := truststore.ParseTarget(c.String("host"), 443)
	if err != nil {
		return usageErrorf("--host: %v", err)
	}
	timeout, err := probeTimeout(c)
	if err != nil {
		return err
	}
	tc, err := loadTrust(c, e)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context, timeout)
	defer cancel()
	certFile := c.String("export-cert")
	r := checkTruststore(ctx, target, tc, certFile, nil)
	if certFile != "" {
		if pemBytes := r.ImportPEM(); pemBytes != nil {
			if err := writeFileAtomic(certFile, pemBytes, 0o644); err != nil {
				return runtimeErrorf("--export-cert %s: %v", certFile, err)
			}
		} else {
			r.Warnings = append(r.Warnings, "--export-cert: nothing written, no certificate to import would fix this")
		}
	}
	if format == "json" {
		if err := writeJSON(e.stdout, r); err != nil {
			return runtimeErrorf("writing output: %v", err)
		}
	} else {
		printTruststoreReport(newPainter(e, e.stdout), e.stdout, r, certFile != "")
	}
	if r.OK {
		return nil
	}
	return silentExit(ExitFailed)
}

// checkTruststore connects to target and judges its chain with tc.
func checkTruststore(ctx context.Context, target truststore.Target, tc *trustContext, certFile string, dial truststore.DialFunc) *truststore.Report {
	if certFile == "" {
		certFile = "whdctl-import.pem"
	}
	chain, err := truststore.FetchChain(ctx, target, dial)
	if err != nil {
		pe := truststore.ClassifyError(target, err, true)
		r := truststore.ConnectReport(target, tc.ref, tc.resolved.Source, pe.Failure, pe.Msg)
		r.Warnings = append(r.Warnings, tc.notes...)
		return r
	}
	v := truststore.Decide(chain, tc.store.Certs(), target.Host, time.Now())
	r := truststore.NewReport(target, tc.ref, tc.resolved.Source, chain, v, certFile)
	r.Warnings = append(tc.notes, r.Warnings...)
	return r
}

// trustContext is the truststore in effect, read.
type trustContext struct {
	resolved truststore.Resolved
	store    *truststore.Store
	ref      truststore.StoreRef
	notes    []string
}

// whdInstall is what the diagnose probes read from a WHD install.
type whdInstall struct {
	Home  string
	Props map[string]string // effective -D properties, quotes removed
}

// readWHDInstall reads --whd-home through the install package.
func readWHDInstall(home string) (*whdInstall, error) {
	in, err := install.Detect(home)
	if err != nil {
		return nil, err
	}
	props, err := in.JVMProperties()
	if err != nil {
		return nil, err
	}
	return &whdInstall{Home: in.Home, Props: props}, nil
}

// installFromFlags reads --whd-home when given (nil without it).
func installFromFlags(c *cli.Context) (*whdInstall, error) {
	home := c.String("whd-home")
	if home == "" {
		return nil, nil
	}
	in, err := readWHDInstall(home)
	if err != nil {
		return nil, runtimeErrorf("--whd-home: %v", err)
	}
	return in, nil
}

// loadTrust finds, reads and checks the truststore in effect.
func loadTrust(c *cli.Context, e *env) (*trustContext, error) {
	st := strings.ToLower(c.String("storetype"))
	if st != "" && st != "jks" && st != "pkcs12" {
		return nil, usageErrorf("--storetype %q: want jks or pkcs12", c.String("storetype"))
	}
	in, err := installFromFlags(c)
	if err != nil {
		return nil, err
	}
	ri := truststore.ResolveInput{
		Flag: c.String("truststore"), FlagType: st, JavaHome: e.getenv("JAVA_HOME"),
		Exists: func(p string) bool { s, err := os.Stat(p); return err == nil && !s.IsDir() },
	}
	var props map[string]string
	if in != nil {
		ri.Props, ri.WHDHome, props = in.Props, in.Home, in.Props
	}
	res, err := truststore.Resolve(ri)
	if err != nil {
		return nil, runtimeErrorf("%v", err)
	}
	pass := e.getenv(truststore.PasswordFromEnv)
	pw := truststore.ResolvePassword(pass, pass != "", props, res.Source == truststore.SourceFlag)
	data, err := truststore.LoadFile(res.Path)
	if err != nil {
		if res.Source == truststore.SourceProperty && errors.Is(err, truststore.ErrStoreMissing) {
			return nil, runtimeErrorf("%v: the install sets -D%s to it, so Java trusts no server (\"the trustAnchors parameter must be non-empty\"); fix the path in the JVM options", err, truststore.PropTrustStore)
		}
		return nil, runtimeErrorf("%v", err)
	}
	store, err := truststore.Decode(data, pw.Value)
	switch {
	case errors.Is(err, truststore.ErrWrongPassword):
		msg := fmt.Sprintf("truststore %s: wrong password (the %s password", res.Path, pw.From)
		if pw.From == truststore.PasswordFromDefault {
			msg += " changeit"
		}
		msg += "); Java fails the same way (\"Keystore was tampered with, or password was incorrect\"). Set WHDCTL_STOREPASS to the store's password"
		if !pw.Set {
			msg += " (Java itself reads a JKS without a password when none is configured; whdctl checks its integrity)"
		}
		return nil, runtimeErrorf("%s", msg)
	case err != nil:
		return nil, runtimeErrorf("truststore %s: %v", res.Path, err)
	}
	if err := truststore.JavaReadError(store, pw); err != nil {
		return nil, runtimeErrorf("truststore %s: %v", res.Path, err)
	}
	tc := &trustContext{resolved: res, store: store,
		ref: truststore.StoreRef{Path: res.Path, Format: store.Format, PasswordLess: store.PasswordLess, Password: pw}}
	if res.DeclaredType != "" && res.DeclaredType != string(store.Format) {
		tc.notes = append(tc.notes, fmt.Sprintf("the store is declared %s but its content is %s; Java reads it by content too",
			strings.ToUpper(res.DeclaredType), strings.ToUpper(string(store.Format))))
	}
	for _, s := range store.Skipped {
		tc.notes = append(tc.notes, "truststore entry skipped (does not parse): "+s)
	}
	return tc, nil
}

func printTruststoreReport(p painter, w io.Writer, r *truststore.Report, exported bool) {
	fmt.Fprintf(w, "truststore: %s (%s, %s)\n", r.Truststore, strings.ToUpper(r.TruststoreType), r.Source)
	fmt.Fprintf(w, "server:     %s\n", hostPort(r.Host, r.Port))
	for i, ci := range r.Chain {
		fmt.Fprintf(w, "  [%d] %s\n      issued by %s, until %s\n      SHA-256 %s\n", i, ci.Subject, ci.Issuer, ci.NotAfter, ci.SHA256)
	}
	switch {
	case r.OK:
		fmt.Fprintf(w, "%s Java trusts this server: %s\n", p.green("ok:"), r.Message)
	case r.Failure != nil && *r.Failure == truststore.FailHostname:
		fmt.Fprintf(w, "%s %s: %s\n", p.red("FAILED:"), *r.Failure, r.Message)
	case r.Failure != nil:
		fmt.Fprintf(w, "%s Java would not trust this server (%s): %s\n", p.red("FAILED:"), *r.Failure, r.Message)
	}
	if len(r.Chain) > 0 {
		fmt.Fprintf(w, "hostname:   %s\n", map[bool]string{true: "matches", false: "does not match " + r.Host}[r.HostnameOK])
	}
	for _, wn := range r.Warnings {
		fmt.Fprintf(w, "%s %s\n", p.yellow("warning:"), wn)
	}
	if r.Fix != "" {
		fmt.Fprintf(w, "fix: %s\n", r.Fix)
	}
	if r.ImportCert != nil {
		fmt.Fprintf(w, "  import: %s (SHA-256 %s)\n", r.ImportCert.Subject, r.ImportCert.SHA256)
		if !exported {
			fmt.Fprintln(w, "  (write it with --export-cert whdctl-import.pem)")
		}
	}
	if r.Command != "" {
		fmt.Fprintf(w, "  %s\n", r.Command)
	}
}

func hostPort(host string, port int) string {
	return truststore.Target{Host: host, Port: port}.Addr()
}

// writeFileAtomic writes data to a temporary file beside path, then renames it.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
