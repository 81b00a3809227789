package truststore

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
)

// StoreRef is what the fix needs to know about the truststore in effect.
type StoreRef struct {
	Path         string
	Format       Format
	PasswordLess bool
	Password     Password
}

// Fix is what to change so that Java trusts the server.
type Fix struct {
	// Import is the certificate to import (nil when importing does not help).
	Import *x509.Certificate
	// Command is the exact keytool command that imports it ("" without one).
	Command string
	// Text explains the fix for people.
	Text string
}

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
		f.Text = "The TLS handshake failed before any certificate could be judged. Java 17 offers TLS 1.2 and 1.3 only: make the server offer one of them with a modern cipher suite."
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
				"importing the top certificate it sends (%q, written below) works too, since Java accepts any certificate in the truststore as an anchor.",
				issuerName(f.Import), name(f.Import))
		}
	case FailMissingIntermediate:
		leaf := v.Subject
		f.Text = "Configure the server to send its intermediate CA certificate(s) with its own (the full chain); Java does not download missing intermediates. "
		if leaf != nil {
			f.Text += fmt.Sprintf("Otherwise import the missing issuer %q into the truststore", issuerName(leaf))
			if len(leaf.IssuingCertificateURL) > 0 {
				f.Text += " (download it from " + strings.Join(leaf.IssuingCertificateURL, ", ") + ")"
			}
			f.Text += "."
		}
		f.Command = keytoolCommand(store, aliasFor(host, nil), "issuer.pem")
		f.Text += restart
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
		f.Command = keytoolCommand(store, aliasFor(host, f.Import), certFile)
		f.Text += restart
	}
	return f
}

func nameOrEmpty(c *x509.Certificate) string {
	if c == nil {
		return "the certificate"
	}
	return name(c)
}

var aliasUnsafe = regexp.MustCompile(`[^a-z0-9.-]+`)

// aliasFor makes a stable alias from the host and the certificate, so that
// the command can be run once without clashing with existing entries.
func aliasFor(host string, c *x509.Certificate) string {
	a := "whdctl-" + strings.Trim(aliasUnsafe.ReplaceAllString(strings.ToLower(host), "-"), "-")
	if c != nil {
		sum := sha256.Sum256(c.Raw)
		a += "-" + hex.EncodeToString(sum[:4])
	}
	return a
}

// keytoolCommand renders the import command for the store in effect. The
// password never appears in it: the default "changeit" is public; any
// other is read by keytool from WHDCTL_STOREPASS.
func keytoolCommand(store StoreRef, alias, certFile string) string {
	args := []string{quote(keytoolFor(store.Path)), "-importcert", "-noprompt",
		"-alias", quote(alias), "-file", quote(certFile), "-keystore", quote(store.Path)}
	switch store.Format {
	case PKCS12:
		args = append(args, "-storetype", "PKCS12")
	case JKS:
		args = append(args, "-storetype", "JKS")
	}
	if store.PasswordLess {
		// Keep the store password-less, as the JDK's own cacerts is.
		args = append(args, "-storepass", DefaultPassword,
			"-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE", "-J-Dkeystore.pkcs12.macAlgorithm=NONE")
	} else if store.Password.Value == DefaultPassword {
		args = append(args, "-storepass", DefaultPassword)
	} else {
		args = append(args, "-storepass:env", PasswordFromEnv)
	}
	return strings.Join(args, " ")
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
	if s != "" && safeWord.MatchString(s) {
		return s
	}
	if windowsPath.MatchString(s) && !strings.ContainsAny(s, "\"\n%") {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var (
	safeWord    = regexp.MustCompile(`^[A-Za-z0-9_./:=@+,-]+$`)
	windowsPath = regexp.MustCompile(`^([A-Za-z]:[\\/]|\\\\)|\\`)
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
