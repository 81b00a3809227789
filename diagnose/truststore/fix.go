package truststore

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/whdctl/whdctl/internal/lazyre"
)

// StoreRef is what the fix needs to know about the truststore in effect.
type StoreRef struct {
	Path         string
	Format       Format
	PasswordLess bool
	Password     Password
	// PasswordUnknown: the store was read without its password (a JKS
	// with no password configured, whose password is not changeit).
	PasswordUnknown bool
}

// Fix is what to change so that Java trusts the server.
type Fix struct {
	// Import is the certificate to import (nil when importing does not help).
	Import *x509.Certificate
	// Command is the exact keytool command that imports it ("" without one).
	Command string
	// Setup is what to run first in the same shell, when the command reads
	// the store password from WHDCTL_STOREPASS and that is not set yet
	// ("" otherwise). It never holds the password.
	Setup string
	// Text explains the fix for people.
	Text string
}

// IssuerFile is the file name the missing-intermediate fix asks for: the
// server does not send that certificate, so whdctl cannot write it.
const IssuerFile = "issuer.pem"

// PlanFix decides the fix for a verdict. certFile is the file the
// certificate to import is (or will be) written to.
func PlanFix(v Verdict, host string, store StoreRef, certFile string) Fix {
	var f Fix
	restart := " Restart WHD afterwards: Java reads the truststore when it starts."
	switch v.Failure {
	case FailNone:
		return Fix{}
	case FailConnect:
		f.Text = "Check the host name and port, DNS, and firewalls between this machine and the server; run whdctl on the WHD server itself to see what WHD sees."
		return f
	case FailHandshake:
		f.Text = handshakeFix(v)
		return f
	case FailSelfSigned:
		f.Import = v.Subject
		f.Text = "Import the server's self-signed certificate into the truststore (or better, give the server a certificate from your CA)."
	case FailUntrustedRoot:
		f.Import = v.Subject
		if f.Import != nil && selfSigned(f.Import) {
			f.Text = fmt.Sprintf("Import the root CA certificate %q into the truststore.", name(f.Import))
		} else if f.Import != nil {
			f.Text = fmt.Sprintf("Import the root CA certificate %q from your PKI into the truststore. The server does not send it; "+
				"importing the top certificate it sends (%q) works too, since Java accepts any certificate in the truststore as an anchor.",
				issuerName(f.Import), name(f.Import))
		}
	case FailMissingIntermediate:
		leaf := v.Subject
		f.Text = "Configure the server to send its intermediate CA certificate(s) with its own (the full chain); Java does not download missing intermediates. "
		if leaf != nil {
			f.Text += fmt.Sprintf("Or import the missing issuer %q into the truststore: the server does not send it, so whdctl cannot write it; ", issuerName(leaf))
			if len(leaf.IssuingCertificateURL) > 0 {
				f.Text += "download it from " + strings.Join(leaf.IssuingCertificateURL, ", ") + " (the address the server's certificate gives for its issuer) or get it from the CA, "
			} else {
				f.Text += "get it from the CA that issued the server's certificate (your PKI, or the CA's website), "
			}
			f.Text += "save it as " + IssuerFile + " (PEM or DER), check its name and fingerprint, and import it with the command below: that fixes it."
		}
		f.Command, f.Setup = keytoolCommand(store, aliasFor(host, nil), IssuerFile)
		f.Text += passwordNote(store, f.Setup) + restart
		return f
	case FailExpired:
		f.Text = fmt.Sprintf("Renew %q on the server; importing does not help an expired certificate in the chain.", nameOrEmpty(v.Subject))
		return f
	case FailNotYetValid:
		f.Text = fmt.Sprintf("%q is not valid yet: check the clocks of this machine and of the server, or wait for its start date.", nameOrEmpty(v.Subject))
		return f
	case FailWeak:
		f.Text = "Reissue the certificate with an RSA key of at least 2048 bits (or EC P-256) and a SHA-256 signature; Java refuses MD5 signatures and small keys."
		return f
	case FailHostname:
		f.Text = fmt.Sprintf("Use a name the certificate is valid for in the URL (%s), or reissue the certificate with %q as a subject alternative name.", describeNames(v.Subject), host)
		return f
	}
	if f.Import != nil {
		f.Command, f.Setup = keytoolCommand(store, aliasFor(host, f.Import), certFile)
		f.Text += passwordNote(store, f.Setup) + restart
	}
	return f
}

// handshakeFix is the fix for a handshake failure, by its cause.
func handshakeFix(v Verdict) string {
	switch v.Cause {
	case CauseNotTLS:
		return "This port does not speak TLS: it answered like a plain HTTP (or other) server. Use the port where the server serves HTTPS " +
			"(443 for Exchange; WHD's own is HTTPS_PORT in whd.conf, 8443 by default), or an http:// URL if the service really is plain HTTP."
	case CauseMessageSize, CauseChainLength:
		return "Make the server send a shorter chain: its own certificate and each intermediate CA certificate once, in order; " +
			"the root and repeated certificates are not needed. (Raising -Djdk.tls.maxHandshakeMessageSize or -Djdk.tls.maxCertificateChainLength " +
			"in WHD's JVM options also gets past Java's limit, but fix the server.)"
	case CauseWhdctl:
		return "This is a limit of whdctl's TLS library, not necessarily of Java. To see Java's own answer, run on the WHD server " +
			"keytool -printcert -sslserver HOST:PORT (with WHD's JRE): it connects as Java does. Servers that offer ECDHE cipher suites avoid the question."
	}
	return "The TLS handshake failed before any certificate could be judged. Java 17 offers TLS 1.2 and 1.3 only: make the server offer one of them with a modern cipher suite (ECDHE with AES-GCM)."
}

// passwordNote says where the printed command gets the store password.
func passwordNote(store StoreRef, setup string) string {
	switch {
	case setup == "" && !store.PasswordLess && store.Password.From == PasswordFromEnv && store.Password.Value != DefaultPassword:
		return " keytool reads the store password from WHDCTL_STOREPASS: run the command where it is set, as it is now."
	case setup == "":
		return ""
	case store.PasswordUnknown:
		return " The store's password is not changeit and none is configured (Java reads the store without one, keytool needs it to write): " +
			"first put it in WHDCTL_STOREPASS, in the same shell, without it showing: " + quoteCommand(setup) + "."
	}
	return " keytool needs the store password, which WHD's JVM options give in -D" + PropTrustStorePassword +
		": first put it in WHDCTL_STOREPASS, in the same shell, without it showing: " + quoteCommand(setup) + "."
}

// quoteCommand sets a command apart from the sentence around it, so that
// the full stop after it is not read as part of it. The setup commands
// hold no double quote (the PowerShell one holds single quotes).
func quoteCommand(cmd string) string { return `"` + cmd + `"` }

func nameOrEmpty(c *x509.Certificate) string {
	if c == nil {
		return "the certificate"
	}
	return name(c)
}

var aliasUnsafe = lazyre.New(`[^a-z0-9.-]+`)

// aliasFor makes a stable alias from the host and the certificate, so that
// the command can be run once without clashing with existing entries.
func aliasFor(host string, c *x509.Certificate) string {
	a := "whdctl-" + strings.Trim(aliasUnsafe().ReplaceAllString(strings.ToLower(host), "-"), "-")
	if c != nil {
		sum := sha256.Sum256(c.Raw)
		a += "-" + hex.EncodeToString(sum[:4])
	}
	return a
}

// keytoolCommand renders the import command for the store in effect, and
// the setup to run before it. The password never appears in them: the
// default "changeit" is public; any other is read by keytool from
// WHDCTL_STOREPASS, and setup (when that is not set already) reads it into
// the variable without echoing it.
func keytoolCommand(store StoreRef, alias, certFile string) (string, string) {
	args := []string{quote(keytoolFor(store.Path)), "-importcert", "-noprompt",
		"-alias", quote(alias), "-file", quote(certFile), "-keystore", quote(store.Path)}
	switch store.Format {
	case PKCS12:
		args = append(args, "-storetype", "PKCS12")
	case JKS:
		args = append(args, "-storetype", "JKS")
	}
	setup := ""
	switch {
	case store.PasswordLess:
		// Keep the store password-less, as the JDK's own cacerts is.
		args = append(args, "-storepass", DefaultPassword,
			"-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE", "-J-Dkeystore.pkcs12.macAlgorithm=NONE")
	case !store.PasswordUnknown && store.Password.Value == DefaultPassword:
		args = append(args, "-storepass", DefaultPassword)
	default:
		args = append(args, "-storepass:env", PasswordFromEnv)
		if store.PasswordUnknown || store.Password.From != PasswordFromEnv {
			setup = readPasswordSetup(store.Path)
		}
	}
	return strings.Join(args, " "), setup
}

// readPasswordSetup reads the store password into WHDCTL_STOREPASS without
// echoing it: POSIX sh for Unix paths, PowerShell for Windows paths.
func readPasswordSetup(storePath string) string {
	if windowsPath().MatchString(storePath) {
		return "$env:" + PasswordFromEnv + " = [Net.NetworkCredential]::new('', (Read-Host -AsSecureString 'Store password')).Password"
	}
	return "stty -echo; IFS= read -r " + PasswordFromEnv + "; stty echo; export " + PasswordFromEnv
}

// keytoolFor finds the keytool of the JRE that owns a cacerts file
// (<java.home>/lib/security/cacerts), else relies on PATH.
func keytoolFor(storePath string) string {
	p := strings.ReplaceAll(storePath, `\`, "/")
	for _, suffix := range []string{"/lib/security/cacerts", "/lib/security/jssecacerts"} {
		if strings.HasSuffix(p, suffix) {
			home := storePath[:len(storePath)-len(suffix)]
			return joinLike(home, "bin", "keytool")
		}
	}
	return "keytool"
}

// quote makes an argument safe to paste: unchanged when it needs nothing;
// a Windows path (drive letter or backslashes) in double quotes, which
// cmd.exe and PowerShell both read; anything else in POSIX single quotes,
// inside which no shell character is special.
func quote(s string) string {
	if s != "" && safeWord().MatchString(s) {
		return s
	}
	if windowsPath().MatchString(s) && !strings.ContainsAny(s, "\"\n%") {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var (
	safeWord    = lazyre.New(`^[A-Za-z0-9_./:=@+,-]+$`)
	windowsPath = lazyre.New(`^([A-Za-z]:[\\/]|\\\\)|\\`)
)

// Fingerprint is a certificate's SHA-256 in keytool's format (AB:CD:...).
func Fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}
