package truststore

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// JVM system properties that choose Java's truststore.
const (
	PropTrustStore         = "javax.net.ssl.trustStore"
	PropTrustStorePassword = "javax.net.ssl.trustStorePassword"
	PropTrustStoreType     = "javax.net.ssl.trustStoreType"
)

// Where a truststore came from (Resolved.Source).
const (
	SourceFlag     = "--truststore"
	SourceProperty = "-D" + PropTrustStore
	SourceBundled  = "bundled JRE"
	SourceJavaHome = "JAVA_HOME"
)

// Where the password came from (Password.From).
const (
	PasswordFromEnv      = "WHDCTL_STOREPASS"
	PasswordFromProperty = "-D" + PropTrustStorePassword
	PasswordFromDefault  = "default"
)

// ResolveInput is what decides the truststore in effect.
type ResolveInput struct {
	Flag     string // --truststore
	FlagType string // --storetype
	// Props are the effective -D properties of the install (nil without one).
	Props map[string]string
	// WHDHome is the install's home ("" without one).
	WHDHome string
	// JavaHome is $JAVA_HOME ("" when unset).
	JavaHome string
	// Exists reports whether a file exists.
	Exists func(string) bool
}

// Resolved is the truststore Java would use.
type Resolved struct {
	Path         string
	DeclaredType string // from --storetype or -Djavax.net.ssl.trustStoreType; "" when not said
	Source       string // SourceFlag, SourceProperty, SourceBundled or SourceJavaHome
	Note         string // how the path was found, for people
}

// ErrNoTruststore means no truststore could be found.
var ErrNoTruststore = errors.New("no Java truststore found: pass --truststore FILE, or --whd-home DIR for the install's, or set JAVA_HOME")

// Resolve finds the truststore in effect, in this order: --truststore;
// -Djavax.net.ssl.trustStore from the install; the install's bundled JRE
// (<home>/bin/jre); $JAVA_HOME. For a Java home it picks what the JVM picks:
// lib/security/jssecacerts when present, else lib/security/cacerts (and the
// jre/ sub-folder of a JDK 8).
func Resolve(in ResolveInput) (Resolved, error) {
	declared := strings.ToLower(in.FlagType)
	if declared == "" {
		declared = strings.ToLower(in.Props[PropTrustStoreType])
	}
	if in.Flag != "" {
		return Resolved{Path: in.Flag, DeclaredType: declared, Source: SourceFlag, Note: "given with --truststore"}, nil
	}
	if p := in.Props[PropTrustStore]; p != "" {
		if strings.EqualFold(p, "NONE") {
			return Resolved{}, errors.New("the install sets -Djavax.net.ssl.trustStore=NONE (a hardware token store), which whdctl cannot read")
		}
		if !isAbs(p) && in.WHDHome != "" {
			p = joinLike(in.WHDHome, p)
		}
		return Resolved{Path: p, DeclaredType: declared, Source: SourceProperty, Note: "set by -D" + PropTrustStore + " in the install's JVM options"}, nil
	}
	var looked []string
	if in.WHDHome != "" {
		jre := joinLike(in.WHDHome, "bin", "jre")
		if p, ok := javaHomeStore(jre, in.Exists); ok {
			return Resolved{Path: p, DeclaredType: declared, Source: SourceBundled, Note: "the default of WHD's bundled JRE " + jre}, nil
		}
		looked = append(looked, javaHomeStores(jre)...)
	}
	if in.JavaHome != "" {
		if p, ok := javaHomeStore(in.JavaHome, in.Exists); ok {
			return Resolved{Path: p, DeclaredType: declared, Source: SourceJavaHome, Note: "the default of JAVA_HOME " + in.JavaHome}, nil
		}
		looked = append(looked, javaHomeStores(in.JavaHome)...)
	}
	if in.WHDHome == "" {
		if len(looked) > 0 {
			return Resolved{}, &NoTruststoreError{Msg: fmt.Sprintf("no Java truststore found: JAVA_HOME %s has none (looked for %s): pass --truststore FILE, or --whd-home DIR for the install's",
				in.JavaHome, strings.Join(looked, ", "))}
		}
		return Resolved{}, ErrNoTruststore
	}
	// The install was given: say what was looked for in it, and what is left.
	java := "JAVA_HOME is not set"
	if in.JavaHome != "" {
		java = "JAVA_HOME " + in.JavaHome + " has none"
	}
	return Resolved{}, &NoTruststoreError{Msg: fmt.Sprintf("no Java truststore found: the install %s sets no -D%s and has no bundled JRE truststore, and %s (looked for %s). "+
		"Pass --truststore FILE with the cacerts of the Java WHD runs with, or set JAVA_HOME to that Java", in.WHDHome, PropTrustStore, java, strings.Join(looked, ", "))}
}

// NoTruststoreError is ErrNoTruststore, saying where whdctl looked.
type NoTruststoreError struct{ Msg string }

func (e *NoTruststoreError) Error() string { return e.Msg }
func (e *NoTruststoreError) Unwrap() error { return ErrNoTruststore }

// javaHomeStores lists the files javaHomeStore looks for, in its order.
func javaHomeStores(home string) []string {
	var out []string
	for _, base := range []string{joinLike(home, "jre"), home} {
		for _, name := range []string{"jssecacerts", "cacerts"} {
			out = append(out, joinLike(base, "lib", "security", name))
		}
	}
	return out
}

func javaHomeStore(home string, exists func(string) bool) (string, bool) {
	for _, p := range javaHomeStores(home) {
		if exists(p) {
			return p, true
		}
	}
	return "", false
}

// Password is the truststore password in effect.
type Password struct {
	Value string
	// Set is false when nothing gave a password (neither WHDCTL_STOREPASS
	// nor the install's -Djavax.net.ssl.trustStorePassword): Java then reads
	// a JKS without checking it, and reads nothing from a PKCS12 whose
	// certificates are encrypted. Value is then the default, changeit.
	Set  bool
	From string // PasswordFromEnv, PasswordFromProperty or PasswordFromDefault
}

// ResolvePassword picks the password: WHDCTL_STOREPASS, else the install's
// -Djavax.net.ssl.trustStorePassword, else none (Value changeit, Set false).
func ResolvePassword(env string, envSet bool, props map[string]string) Password {
	if envSet {
		return Password{Value: env, Set: true, From: PasswordFromEnv}
	}
	if p, ok := props[PropTrustStorePassword]; ok && p != "" {
		return Password{Value: p, Set: true, From: PasswordFromProperty}
	}
	return Password{Value: DefaultPassword, Set: false, From: PasswordFromDefault}
}

// JavaReadError says why the JVM would read no trust anchors from a store
// that whdctl could read; nil when Java reads it as whdctl did.
func JavaReadError(st *Store, pw Password) error {
	if st.Format == PKCS12 && !st.PasswordLess && !pw.Set {
		return errors.New("this PKCS12 truststore is password-protected and the install sets no -D" + PropTrustStorePassword +
			": Java then reads no certificate from it and trusts no server (\"the trustAnchors parameter must be non-empty\"). " +
			"Add -D" + PropTrustStorePassword + "=... to the JVM options, or use a JKS or password-less store")
	}
	if len(st.Anchors) == 0 {
		return errors.New("the truststore holds no certificate: Java trusts no server (\"the trustAnchors parameter must be non-empty\")")
	}
	return nil
}

// isAbs accepts both Unix and Windows absolute paths, whatever the OS
// whdctl runs on (an install may be examined from another machine).
func isAbs(p string) bool {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\\`) {
		return true
	}
	return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
}

// joinLike joins with the separator the base path uses.
func joinLike(base string, elem ...string) string {
	if strings.Contains(base, `\`) && !strings.Contains(base, "/") {
		return strings.TrimRight(base, `\`) + `\` + strings.Join(elem, `\`)
	}
	if filepath.Separator == '\\' {
		return filepath.Join(append([]string{base}, elem...)...)
	}
	return path.Join(append([]string{base}, elem...)...)
}
