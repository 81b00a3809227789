package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
			"Its password: WHDCTL_STOREPASS, else the install's -Djavax.net.ssl.trustStorePassword. With neither,\n" +
			"a JKS is read as Java reads it without a password (no integrity check); a password-protected PKCS12\n" +
			"of the install is reported unreadable, as Java finds no certificate in it; one named with\n" +
			"--truststore is read with the default password changeit.\n" +
			"The handshake is judged as Java 17 does: its cipher suites (also those whdctl's TLS library lacks,\n" +
			"read from a TLS 1.2 handshake), its limits on the certificates a server sends (32768 bytes, 10 certificates).\n" +
			"--export-cert never replaces an existing file unless --force is given.\n" +
			"The install's own -Djavax.net.ssl.trustStorePassword not opening its truststore is a failed check:\n" +
			"Java then fails every TLS connection WHD makes.\n" +
			"Exit codes: 0 Java trusts the server, 1 it would not (or cannot connect), 2 usage,\n" +
			"3 the truststore is missing or unreadable.\n\n" +
			"Examples:\n" +
			"  whdctl diagnose truststore --host mail.contoso.com --whd-home /usr/local/webhelpdesk\n" +
			"  whdctl diagnose truststore --host mail.contoso.com:443 --truststore cacerts --export-cert root.pem\n" +
			"  WHDCTL_STOREPASS=... whdctl diagnose truststore --host 10.0.0.5:8443 --truststore /etc/whd/trust.p12 -o json",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "host", Usage: "server to check: HOST, HOST:PORT or an https:// URL"},
			exportCertFlag(),
			forceFlag(),
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

// exportCertFlag and forceFlag are shared by diagnose truststore and ews.
func exportCertFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "export-cert", Usage: "write the certificate to import to `FILE` (PEM); an existing file is kept unless --force"}
}

func forceFlag() *cli.BoolFlag {
	return &cli.BoolFlag{Name: "force", Usage: "let --export-cert replace an existing file"}
}

// exportTarget validates --export-cert before anything is probed: an
// existing file is refused unless --force (a usage error).
func exportTarget(c *cli.Context) (string, error) {
	file := c.String("export-cert")
	if c.IsSet("export-cert") && strings.TrimSpace(file) == "" {
		return "", usageErrorf("--export-cert needs a file name")
	}
	if file == "" {
		return "", nil
	}
	st, err := os.Stat(file)
	switch {
	case err == nil && st.IsDir():
		return "", usageErrorf("--export-cert %s is a folder: give a file name", file)
	case err == nil && !c.Bool("force"):
		return "", usageErrorf("--export-cert %s already exists: give another name, or --force to replace it", file)
	}
	return file, nil
}

// exportCert writes the certificate to import to file (when one is
// wanted) and adds to the report's warnings what was or was not written.
func exportCert(file string, r *truststore.Report, force bool) error {
	if file == "" {
		return nil
	}
	if pemBytes := r.ImportPEM(); pemBytes != nil {
		if err := writeFileAtomic(file, pemBytes, 0o644, force); err != nil {
			return runtimeErrorf("--export-cert %s: %v", file, err)
		}
		return nil
	}
	if r.OK {
		return nil // nothing to import, and nothing to say about it
	}
	if r.Failure != nil && *r.Failure == truststore.FailMissingIntermediate {
		r.AddWarnings(fmt.Sprintf("--export-cert: nothing written to %s: the certificate to import is the missing issuer, which the server does not send; "+
			"get it as the fix says, save it as %s and run the command", file, truststore.IssuerFile))
		return nil
	}
	r.AddWarnings("--export-cert: nothing written: importing a certificate does not fix this")
	return nil
}

// maxProbeTimeout bounds --timeout of the network probes.
const maxProbeTimeout = 10 * time.Minute

func timeoutFlag() *cli.GenericFlag {
	return durationFlag("timeout", defaultProbeTimeout, maxProbeTimeout, "10s", "give up on the server after this long (a duration: 10s, 2m)")
}

// durationValue is the value of a duration flag. Set keeps what was typed
// and never fails, so that the flag's Action, not the flag package ('invalid
// value "5" for flag -timeout: parse error'), reports a bad value: as a
// usage error that says what was given and how to write it.
type durationValue struct {
	d   time.Duration
	raw string
	err error
}

func (v *durationValue) Set(s string) error {
	v.raw = s
	v.d, v.err = time.ParseDuration(strings.TrimSpace(s))
	return nil
}

// String is the duration, which cli.Context.Duration reads back; what was
// typed when it is not one.
func (v *durationValue) String() string {
	if v.err != nil {
		return v.raw
	}
	return v.d.String()
}

// durationFlag is a duration flag whose value, when given, must be a Go
// duration with a unit, from 1ms to max (no limit when max is 0); example
// is a good value for the messages ("10s").
func durationFlag(name string, def, max time.Duration, example, usage string) *cli.GenericFlag {
	return &cli.GenericFlag{Name: name, Value: &durationValue{d: def}, Usage: usage,
		Action: func(_ *cli.Context, v any) error {
			dv, ok := v.(*durationValue)
			if !ok {
				return nil
			}
			return checkDuration(name, dv, max, example)
		}}
}

// checkDuration says what is wrong with a duration flag's value, as a
// usage error.
func checkDuration(name string, v *durationValue, max time.Duration, example string) error {
	given := strings.TrimSpace(v.raw)
	want := fmt.Sprintf("a duration with a unit (ms, s, m, h) of at least 1ms, such as --%s %s", name, example)
	if max > 0 {
		want = fmt.Sprintf("a duration with a unit (ms, s, m, h) from 1ms to %s, such as --%s %s", shortDuration(max), name, example)
	}
	switch {
	case given == "":
		return usageErrorf("--%s is empty: give %s", name, want)
	case v.err != nil:
		if _, err := strconv.ParseFloat(given, 64); err == nil {
			return usageErrorf("--%s %q has no unit: write --%s %ss for seconds; want %s", name, v.raw, name, given, want)
		}
		return usageErrorf("--%s %q is not a duration: want %s", name, v.raw, want)
	case v.d <= 0:
		return usageErrorf("--%s %q is not positive: want %s", name, v.raw, want)
	case v.d < time.Millisecond:
		return usageErrorf("--%s %q is shorter than 1ms, too short for any check to finish: want %s", name, v.raw, want)
	case max > 0 && v.d > max:
		return usageErrorf("--%s %q is longer than %s: want %s", name, v.raw, shortDuration(max), want)
	}
	return nil
}

// shortDuration writes 10m0s as 10m.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
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
	timeout := c.Duration("timeout") // checked by its flag
	certFile, err := exportTarget(c)
	if err != nil {
		return err
	}
	tc, err := loadTrust(c, e)
	var spe *storePasswordError
	if err != nil && !errors.As(err, &spe) {
		return err
	}
	var r *truststore.Report
	if spe != nil {
		// WHD's Java cannot open its truststore: no server needs asking.
		r = storePasswordReportFor(spe, target)
	} else {
		ctx, cancel := context.WithTimeout(c.Context, timeout)
		defer cancel()
		r = checkTruststore(ctx, target, tc, certFile, nil)
	}
	if err := exportCert(certFile, r, c.Bool("force")); err != nil {
		return err
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

// checkTruststore connects to target and judges the handshake with tc, as
// Java 17 would.
func checkTruststore(ctx context.Context, target truststore.Target, tc *trustContext, certFile string, dial truststore.DialFunc) *truststore.Report {
	if certFile == "" {
		certFile = defaultExportFile
	}
	h, err := truststore.Inspect(ctx, target, dial)
	if err != nil {
		pe := truststore.ClassifyError(target, err, true)
		r := truststore.ConnectReport(target, tc.ref, tc.resolved.Source, pe)
		r.PrependWarnings(tc.notes...)
		return r
	}
	v := truststore.Judge(h, tc.store.Certs(), target.Host, time.Now())
	r := truststore.NewReport(target, tc.ref, tc.resolved.Source, h.Chain, v, certFile)
	r.PrependWarnings(tc.notes...)
	return r
}

// defaultExportFile is the certificate file named in fixes without --export-cert.
const defaultExportFile = "whdctl-import.pem"

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
	Inst  *install.Install
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
	return &whdInstall{Home: in.Home, Props: props, Inst: in}, nil
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
	pw := truststore.ResolvePassword(pass, pass != "", props)
	data, err := truststore.LoadFile(res.Path)
	if err != nil {
		if res.Source == truststore.SourceProperty && errors.Is(err, truststore.ErrStoreMissing) {
			return nil, runtimeErrorf("%v: the install sets -D%s to it, so Java trusts no server (\"the trustAnchors parameter must be non-empty\"); fix the path in the JVM options", err, truststore.PropTrustStore)
		}
		return nil, runtimeErrorf("%v", err)
	}
	store, pw, err := decodeTrust(res, data, pw)
	var spe *storePasswordError
	if errors.As(err, &spe) && in != nil {
		prop := truststore.PropTrustStorePassword
		if spe.missing {
			prop = truststore.PropTrustStore
		}
		spe.where = propertyLocation(in.Inst, prop)
	}
	if err != nil {
		return nil, err
	}
	if err := truststore.JavaReadError(store, pw); err != nil {
		return nil, runtimeErrorf("truststore %s: %v", res.Path, err)
	}
	tc := &trustContext{resolved: res, store: store,
		ref: truststore.StoreRef{Path: res.Path, Format: store.Format, PasswordLess: store.PasswordLess, Password: pw,
			PasswordUnknown: store.Unchecked && !store.DefaultPasswordWorks}}
	if tc.ref.PasswordUnknown {
		tc.notes = append(tc.notes, "no store password is given (WHDCTL_STOREPASS) or configured (-D"+truststore.PropTrustStorePassword+
			"), and the store's is not changeit: it was read without checking its integrity, as Java reads a JKS without a password")
	}
	if res.DeclaredType != "" && res.DeclaredType != string(store.Format) {
		tc.notes = append(tc.notes, fmt.Sprintf("the store is declared %s but its content is %s; Java reads it by content too",
			strings.ToUpper(res.DeclaredType), strings.ToUpper(string(store.Format))))
	}
	for _, s := range store.Skipped {
		tc.notes = append(tc.notes, "truststore entry skipped (does not parse): "+s)
	}
	return tc, nil
}

// storePasswordError: the install's own -Djavax.net.ssl.trustStorePassword
// does not open its truststore, or (missing) the install names a
// password-protected PKCS12 truststore and gives no password. The probes
// report it as a failed check (storePasswordReportFor), since WHD's Java
// fails every TLS connection; where it is not handled it is a local error
// (exit 3) like any unreadable store.
type storePasswordError struct {
	store   truststore.StoreRef
	source  string
	where   string // file and line of the property, "" when not known
	missing bool
}

func (e *storePasswordError) Error() string {
	return storePasswordReportFor(e, truststore.Target{}).Message
}

// Unwrap makes a storePasswordError that no probe turned into a report a
// runtime error (exit 3), as any other truststore that cannot be read.
func (e *storePasswordError) Unwrap() error { return &exitError{code: ExitRuntime, msg: e.Error()} }

// storePasswordReportFor is the failed truststore report for e and target.
func storePasswordReportFor(e *storePasswordError, t truststore.Target) *truststore.Report {
	if e.missing {
		return truststore.MissingPasswordReport(t, e.store, e.source, e.where)
	}
	return truststore.StorePasswordReport(t, e.store, e.source, e.where)
}

// propertyLocation is "FILE line N" for the last line of the install's JVM
// settings file that sets -Dname (not in a comment); "FILE" when no such
// line is found; "" without a file. The JVM keeps the last of repeated
// properties, so the last line is the one to correct.
func propertyLocation(in *install.Install, name string) string {
	if in == nil {
		return ""
	}
	file, _ := in.PatchTarget()
	if file == "" {
		return ""
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return file
	}
	line := 0
	for i, l := range strings.Split(string(data), "\n") {
		if t := strings.TrimSpace(l); !strings.HasPrefix(t, "#") && strings.Contains(l, "-D"+name+"=") {
			line = i + 1
		}
	}
	if line == 0 {
		return file
	}
	return fmt.Sprintf("%s line %d", file, line)
}

// decodeTrust reads the store as the JVM would with the password in
// effect. Without a configured password Java reads a JKS without checking
// it and a password-protected PKCS12 not at all (its certificates are
// encrypted); a store named with --truststore is then read as a JVM given
// the default password would, since no install says otherwise. It returns
// the password as used.
func decodeTrust(res truststore.Resolved, data []byte, pw truststore.Password) (*truststore.Store, truststore.Password, error) {
	if pw.Set {
		store, err := truststore.Decode(data, pw.Value)
		switch {
		case errors.Is(err, truststore.ErrWrongPassword) && pw.From == truststore.PasswordFromProperty:
			// WHD's own JVM is given this password: Java fails every TLS
			// connection. A finding about the install, not a local error.
			format, _ := truststore.DetectFormat(data)
			return nil, pw, &storePasswordError{store: truststore.StoreRef{Path: res.Path, Format: format, Password: pw}, source: res.Source}
		case errors.Is(err, truststore.ErrWrongPassword):
			return nil, pw, runtimeErrorf("truststore %s: wrong password (the %s password); Java fails the same way (\"Keystore was tampered with, or password was incorrect\"). "+
				"Set WHDCTL_STOREPASS to the store's password", res.Path, pw.From)
		case err != nil:
			return nil, pw, runtimeErrorf("truststore %s: %v", res.Path, err)
		}
		return store, pw, nil
	}
	store, err := truststore.DecodeWithoutPassword(data)
	var pn *truststore.PasswordNeededError
	switch {
	case err == nil:
		return store, pw, nil
	case !errors.As(err, &pn):
		return nil, pw, runtimeErrorf("truststore %s: %v", res.Path, err)
	}
	noAnchors := "a JVM given no -D" + truststore.PropTrustStorePassword + " reads no certificate from it and trusts no server (\"the trustAnchors parameter must be non-empty\")"
	if !pn.Encrypted {
		noAnchors = "Java reads its certificates without a password, but whdctl needs it to read the file"
	}
	if res.Source != truststore.SourceFlag && pn.Encrypted {
		// WHD's own JVM is given this store and no password: a finding
		// about the install, as a wrong password is.
		return nil, pw, &storePasswordError{store: truststore.StoreRef{Path: res.Path, Format: truststore.PKCS12, Password: pw}, source: res.Source, missing: true}
	}
	// Named with --truststore (the JVM's options are unknown), or with
	// unencrypted certificates that Java reads without the password: try
	// the default password.
	store, err = truststore.Decode(data, truststore.DefaultPassword)
	switch {
	case errors.Is(err, truststore.ErrWrongPassword):
		return nil, pw, runtimeErrorf("truststore %s: this PKCS12 truststore is password-protected, no password is given and changeit is not its password: "+
			"set WHDCTL_STOREPASS to the password WHD's JVM is given (-D%s); %s", res.Path, truststore.PropTrustStorePassword, noAnchors)
	case err != nil:
		return nil, pw, runtimeErrorf("truststore %s: %v", res.Path, err)
	}
	return store, truststore.Password{Value: truststore.DefaultPassword, Set: true, From: truststore.PasswordFromDefault}, nil
}

func printTruststoreReport(p painter, w io.Writer, r *truststore.Report, exported bool) {
	escapeForTerminal(r)
	fmt.Fprintf(w, "truststore: %s (%s, %s)\n", r.Truststore, strings.ToUpper(r.TruststoreType), r.Source)
	fmt.Fprintf(w, "server:     %s\n", hostPort(r.Host, r.Port))
	for i, ci := range r.Chain {
		fmt.Fprintf(w, "  [%d] %s\n      issued by %s, until %s\n      SHA-256 %s\n", i, ci.Subject, ci.Issuer, ci.NotAfter, ci.SHA256)
	}
	switch {
	case r.OK:
		fmt.Fprintf(w, "%s Java trusts this server: %s\n", p.green("ok:"), r.Message)
	case r.Failure != nil && (*r.Failure == truststore.FailHostname || *r.Failure == truststore.FailStorePassword):
		fmt.Fprintf(w, "%s %s: %s\n", p.red("FAILED:"), *r.Failure, r.Message)
	case r.HandshakeCause == truststore.CauseWhdctl:
		fmt.Fprintf(w, "%s %s\n", p.red("FAILED:"), r.Message)
	case r.Failure != nil && (*r.Failure == truststore.FailHandshake || *r.Failure == truststore.FailConnect):
		fmt.Fprintf(w, "%s Java would not connect to this server (%s): %s\n", p.red("FAILED:"), *r.Failure, r.Message)
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
			fmt.Fprintf(w, "  (write it with --export-cert %s)\n", defaultExportFile)
		}
	}
	if r.Setup != "" {
		fmt.Fprintf(w, "  first: %s\n", r.Setup)
	}
	if r.Command != "" {
		fmt.Fprintf(w, "  %s\n", r.Command)
	}
}

func hostPort(host string, port int) string {
	return truststore.Target{Host: host, Port: port}.Addr()
}

// writeFileAtomic writes data to path. With replace, it writes a
// temporary file beside path and renames it over path; without, it
// creates path exclusively, so that an existing file (even one created
// meanwhile) is never overwritten.
func writeFileAtomic(path string, data []byte, perm os.FileMode, replace bool) error {
	if !replace {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s already exists (pass --force to replace it)", path)
			}
			return err
		}
		_, werr := f.Write(data)
		if werr == nil {
			werr = f.Sync()
		}
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
		}
		return werr
	}
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

// termSafe makes text from a server or a file safe to print on a
// terminal: control characters (C0, DEL, C1), bytes that are not UTF-8 and
// the bidirectional-text controls are written as escapes (\x1b, \xff,
// \u202e); everything else, backslashes included, is kept. JSON output
// needs none of this: the encoder escapes it.
func termSafe(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || unsafeRune(r) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, "\\x%02x", r)
		case unsafeRune(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// escapeForTerminal applies termSafe, in place, to every string reachable
// through the exported fields, slices, maps and pointers of v. The text
// printers call it on a report just before printing it (text mode only).
func escapeForTerminal(v any) { escapeValue(reflect.ValueOf(v), 0) }

func escapeValue(v reflect.Value, depth int) {
	if depth > 32 || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			escapeValue(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				escapeValue(v.Field(i), depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := 0; i < v.Len(); i++ {
			escapeValue(v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		for _, k := range v.MapKeys() {
			val := reflect.New(v.Type().Elem()).Elem()
			val.Set(v.MapIndex(k))
			escapeValue(val, depth+1)
			nk := k
			if k.Kind() == reflect.String {
				if safe := termSafe(k.String()); safe != k.String() {
					v.SetMapIndex(k, reflect.Value{})
					nk = reflect.New(k.Type()).Elem()
					nk.SetString(safe)
				}
			}
			v.SetMapIndex(nk, val)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(termSafe(v.String()))
		}
	}
}
