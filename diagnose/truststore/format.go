// Package truststore answers "would WHD's Java trust this server?": it reads
// the Java truststore in effect (JKS or PKCS12, password-less PKCS12 too,
// detected by content), takes the chain a server presents, and decides as
// Java's PKIX validator does, without fetching missing intermediates. When
// Java would refuse, it names the failure class and builds the fix: which
// certificate to import and the exact keytool command.
//
// The cores (Decode, Resolve, Decide, MatchHostname, PlanFix) are pure; the
// edges (LoadFile, FetchChain) touch files and the network.
package truststore

import (
	"bytes"
	"crypto/sha1" //nolint:gosec // the JKS format's integrity check is SHA-1.
	"crypto/x509"
	"encoding/asn1"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	keystore "github.com/pavlo-v-chernykh/keystore-go/v4"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// Format is a keystore format, as detected from a file's content.
type Format string

const (
	JKS    Format = "jks"
	PKCS12 Format = "pkcs12"
)

// DefaultPassword is the JDK's well-known truststore password.
const DefaultPassword = "changeit"

// MaxIterations is the largest PBE/MAC iteration count accepted in a PKCS12
// file. It is the JDK's own limit (PKCS12KeyStore refuses larger counts), and
// it bounds the time a crafted file can cost.
const MaxIterations = 5_000_000

// ErrWrongPassword means the store's integrity check failed with the password
// given. Java fails the same way ("Keystore was tampered with, or password
// was incorrect").
var ErrWrongPassword = errors.New("wrong truststore password: the store's integrity check failed")

// DecodeError says why bytes are not a truststore Java can use.
type DecodeError struct {
	Format Format // "" when the format itself is unknown
	Reason string
}

func (e *DecodeError) Error() string {
	if e.Format == "" {
		return e.Reason
	}
	return fmt.Sprintf("%s truststore: %s", strings.ToUpper(string(e.Format)), e.Reason)
}

// Anchor is one certificate Java would use as a trust anchor.
type Anchor struct {
	Alias string
	Cert  *x509.Certificate
}

// Store is a decoded truststore.
type Store struct {
	Format Format
	// PasswordLess is true for a PKCS12 file with neither MAC nor encrypted
	// content (the JDK 18+ cacerts style): Java reads it with any password.
	PasswordLess bool
	Anchors      []Anchor
	// Skipped lists entries Java might use but whdctl could not parse.
	Skipped []string
	// Unchecked: a JKS read without a password, so without checking its
	// integrity, as Java reads one when no password is configured.
	Unchecked bool
	// DefaultPasswordWorks: for an Unchecked JKS, its integrity checks
	// with the default password changeit.
	DefaultPasswordWorks bool
}

// Certs returns the anchors' certificates.
func (s *Store) Certs() []*x509.Certificate {
	out := make([]*x509.Certificate, len(s.Anchors))
	for i, a := range s.Anchors {
		out[i] = a.Cert
	}
	return out
}

var (
	jksMagic   = []byte{0xfe, 0xed, 0xfe, 0xed}
	jceksMagic = []byte{0xce, 0xce, 0xce, 0xce}
)

// DetectFormat tells JKS from PKCS12 by content, as Java does with
// keystore.type.compat (the declared type does not matter).
func DetectFormat(data []byte) (Format, error) {
	switch {
	case len(data) == 0:
		return "", &DecodeError{Reason: "the file is empty"}
	case bytes.HasPrefix(data, jksMagic):
		return JKS, nil
	case bytes.HasPrefix(data, jceksMagic):
		return "", &DecodeError{Reason: "this is a JCEKS keystore, which whdctl does not read; convert it with keytool -importkeystore -deststoretype PKCS12"}
	case bytes.Contains(data[:min(len(data), 1024)], []byte("-----BEGIN ")):
		return "", &DecodeError{Reason: "this is a PEM file, not a Java truststore; Java needs a JKS or PKCS12 store: import the certificate with keytool -importcert"}
	case data[0] == 0x30:
		if isPFX(data) {
			return PKCS12, nil
		}
		if _, err := x509.ParseCertificate(data); err == nil {
			return "", &DecodeError{Reason: "this is a single DER certificate, not a Java truststore; import it into one with keytool -importcert"}
		}
		return "", &DecodeError{Reason: "the file starts like DER but is not a PKCS12 store"}
	}
	return "", &DecodeError{Reason: fmt.Sprintf("not a Java truststore: the file starts with bytes % x, neither JKS (fe ed fe ed) nor PKCS12 (30)", data[:min(len(data), 4)])}
}

// isPFX reports whether data opens like a PKCS12 PFX: SEQUENCE { INTEGER 3,
// ...}. Only the opening is read, so a truncated file is still recognised
// (and then reported as corrupt).
func isPFX(data []byte) bool {
	if len(data) < 2 || data[0] != 0x30 {
		return false
	}
	i := 2
	if l := data[1]; l&0x80 != 0 {
		n := int(l & 0x7f)
		if n == 0 || n > 4 {
			return false
		}
		i += n
	}
	return len(data) >= i+3 && data[i] == 0x02 && data[i+1] == 0x01 && data[i+2] == 0x03
}

// Decode reads a truststore from data. password is what Java would be given
// as javax.net.ssl.trustStorePassword; a password-less PKCS12 is read whatever
// it is. The trust anchors are what Java's trust manager uses: every trusted
// certificate entry, and the first certificate of every private-key entry.
func Decode(data []byte, password string) (*Store, error) {
	format, err := DetectFormat(data)
	if err != nil {
		return nil, err
	}
	switch format {
	case JKS:
		return decodeJKS(data, password)
	default:
		return decodePKCS12(data, password)
	}
}

// ErrPasswordNeeded is DecodeWithoutPassword's error for a PKCS12 store
// protected by a password.
var ErrPasswordNeeded = errors.New("this PKCS12 truststore is password-protected")

// PasswordNeededError says how a PKCS12 store is protected.
type PasswordNeededError struct {
	// Encrypted: its certificates are encrypted (keytool's default), so
	// Java reads none of them without the password.
	Encrypted bool
}

func (e *PasswordNeededError) Error() string { return ErrPasswordNeeded.Error() }
func (e *PasswordNeededError) Unwrap() error { return ErrPasswordNeeded }

// DecodeWithoutPassword reads a truststore as Java does when no password
// is configured: a JKS is read without checking its integrity; a
// password-less PKCS12 is read; a password-protected PKCS12 gives a
// *PasswordNeededError.
func DecodeWithoutPassword(data []byte) (*Store, error) {
	format, err := DetectFormat(data)
	if err != nil {
		return nil, err
	}
	if format == PKCS12 {
		info, err := inspectPFX(data)
		if err != nil {
			return nil, &DecodeError{Format: PKCS12, Reason: "corrupt: " + err.Error()}
		}
		if info.hasMAC || info.encrypted {
			return nil, &PasswordNeededError{Encrypted: info.encrypted}
		}
		return decodePKCS12(data, "")
	}
	if err := checkJKS(data); err != nil {
		return nil, &DecodeError{Format: JKS, Reason: "corrupt: " + err.Error()}
	}
	entries, err := parseJKS(data)
	if err != nil {
		return nil, &DecodeError{Format: JKS, Reason: "corrupt: " + err.Error()}
	}
	st := &Store{Format: JKS, Unchecked: true, DefaultPasswordWorks: jksDigestMatches(data, DefaultPassword)}
	for _, e := range entries {
		if len(e.certs) == 0 {
			continue
		}
		cert, err := x509.ParseCertificate(e.certs[0])
		if err != nil {
			st.Skipped = append(st.Skipped, fmt.Sprintf("%s: %v", e.alias, err))
			continue
		}
		st.Anchors = append(st.Anchors, Anchor{Alias: e.alias, Cert: cert})
	}
	return st, nil
}

// jksEntry is one entry of a JKS file: a trusted certificate, or the
// certificate chain of a private key.
type jksEntry struct {
	alias string
	certs [][]byte
}

// parseJKS reads the entries of a JKS file that checkJKS accepted.
func parseJKS(data []byte) ([]jksEntry, error) {
	r := &jksReader{b: data}
	r.take(4)
	version := r.u32()
	count := r.u32()
	readCert := func() []byte {
		if version == 2 {
			r.take(int(r.u16()))
		}
		return r.take(int(r.u32()))
	}
	var out []jksEntry
	for i := uint32(0); i < count && r.err == nil; i++ {
		tag := r.u32()
		e := jksEntry{alias: string(r.take(int(r.u16())))}
		r.take(8)
		switch tag {
		case 1:
			r.take(int(r.u32()))
			n := r.u32()
			for j := uint32(0); j < n && r.err == nil; j++ {
				e.certs = append(e.certs, readCert())
			}
		case 2:
			e.certs = append(e.certs, readCert())
		default:
			return nil, fmt.Errorf("entry %d has unknown tag %d", i+1, tag)
		}
		out = append(out, e)
	}
	return out, r.err
}

// jksDigestMatches checks a JKS file's integrity with a password: the
// last 20 bytes are SHA-1(password as UTF-16BE, "Mighty Aphrodite", the
// rest of the file).
func jksDigestMatches(data []byte, password string) bool {
	if len(data) < 20 {
		return false
	}
	h := sha1.New()
	for _, u := range utf16.Encode([]rune(password)) {
		h.Write([]byte{byte(u >> 8), byte(u)})
	}
	h.Write([]byte("Mighty Aphrodite"))
	h.Write(data[:len(data)-20])
	return bytes.Equal(h.Sum(nil), data[len(data)-20:])
}

func decodeJKS(data []byte, password string) (*Store, error) {
	if err := checkJKS(data); err != nil {
		return nil, &DecodeError{Format: JKS, Reason: "corrupt: " + err.Error()}
	}
	ks := keystore.New(keystore.WithOrderedAliases(), keystore.WithCaseExactAliases())
	if err := ks.Load(bytes.NewReader(data), []byte(password)); err != nil {
		if strings.Contains(err.Error(), "invalid digest") {
			return nil, ErrWrongPassword
		}
		return nil, &DecodeError{Format: JKS, Reason: "corrupt: " + err.Error()}
	}
	st := &Store{Format: JKS}
	for _, alias := range ks.Aliases() {
		var der []byte
		switch {
		case ks.IsTrustedCertificateEntry(alias):
			e, err := ks.GetTrustedCertificateEntry(alias)
			if err != nil {
				st.Skipped = append(st.Skipped, alias+": "+err.Error())
				continue
			}
			der = e.Certificate.Content
		case ks.IsPrivateKeyEntry(alias):
			chain, err := ks.GetPrivateKeyEntryCertificateChain(alias)
			if err != nil || len(chain) == 0 {
				continue
			}
			der = chain[0].Content
		default:
			continue
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			st.Skipped = append(st.Skipped, fmt.Sprintf("%s: %v", alias, err))
			continue
		}
		st.Anchors = append(st.Anchors, Anchor{Alias: alias, Cert: cert})
	}
	return st, nil
}

// checkJKS walks the JKS layout and checks every length against the bytes
// that remain, so that a corrupt file cannot make the reader allocate more
// than the file holds.
func checkJKS(data []byte) error {
	r := &jksReader{b: data}
	if !bytes.Equal(r.take(4), jksMagic) {
		return errors.New("bad magic")
	}
	version := r.u32()
	if r.err == nil && version != 1 && version != 2 {
		return fmt.Errorf("unknown JKS version %d", version)
	}
	count := r.u32()
	readCert := func() {
		if version == 2 {
			r.take(int(r.u16())) // certificate type, "X.509"
		}
		r.take(int(r.u32()))
	}
	for i := uint32(0); i < count && r.err == nil; i++ {
		tag := r.u32()
		r.take(int(r.u16())) // alias
		r.take(8)            // creation time
		switch {
		case r.err != nil:
		case tag == 1: // private key entry
			r.take(int(r.u32()))
			n := r.u32()
			if r.err == nil && uint64(n)*4 > uint64(len(r.b)) {
				return fmt.Errorf("entry %d claims %d certificates, more than the file holds", i+1, n)
			}
			for j := uint32(0); j < n && r.err == nil; j++ {
				readCert()
			}
		case tag == 2: // trusted certificate entry
			readCert()
		default:
			return fmt.Errorf("entry %d has unknown tag %d", i+1, tag)
		}
	}
	r.take(20) // SHA-1 digest
	if r.err != nil {
		return r.err
	}
	return nil
}

type jksReader struct {
	b   []byte
	err error
}

func (r *jksReader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.err = errors.New("truncated: a length field points past the end of the file")
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *jksReader) u16() uint16 {
	b := r.take(2)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint16(b)
}

func (r *jksReader) u32() uint32 {
	b := r.take(4)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

func decodePKCS12(data []byte, password string) (*Store, error) {
	info, err := inspectPFX(data)
	if err != nil {
		return nil, &DecodeError{Format: PKCS12, Reason: "corrupt: " + err.Error()}
	}
	st := &Store{Format: PKCS12, PasswordLess: !info.hasMAC && !info.encrypted}
	if !info.hasMAC && info.encrypted {
		return nil, &DecodeError{Format: PKCS12, Reason: "encrypted content without a MAC is not a layout Java writes"}
	}
	if st.PasswordLess {
		password = ""
	}
	certs, err := pkcs12.DecodeTrustStore(data, password)
	if err != nil {
		msg := err.Error()
		switch {
		case errors.Is(err, pkcs12.ErrIncorrectPassword):
			return nil, ErrWrongPassword
		case strings.Contains(msg, "not marked as trusted"):
			return nil, &DecodeError{Format: PKCS12, Reason: "it holds certificates without Java's trusted-certificate mark (made by openssl?); Java does not use them as trust anchors: import the certificates with keytool -importcert"}
		case strings.Contains(msg, "only certificate bags"), strings.Contains(msg, "items in the authenticated safe"):
			return nil, &DecodeError{Format: PKCS12, Reason: "it holds private keys: this looks like a keystore (such as the HTTPS keystore), not a truststore"}
		}
		return nil, &DecodeError{Format: PKCS12, Reason: strings.TrimPrefix(msg, "pkcs12: ")}
	}
	for i, c := range certs {
		st.Anchors = append(st.Anchors, Anchor{Alias: fmt.Sprintf("#%d", i+1), Cert: c})
	}
	return st, nil
}

// pfxInfo is what inspectPFX learns from a PKCS12 file without a password.
type pfxInfo struct {
	hasMAC    bool
	encrypted bool
}

var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidPBES2         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBMAC1        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 14}
	oidPBKDF2        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
)

type pfxPDU struct {
	Version  int
	AuthSafe contentInfo
	MacData  macData `asn1:"optional"`
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
}

type macData struct {
	Mac        digestInfo
	MacSalt    []byte
	Iterations int `asn1:"optional,default:1"`
}

type digestInfo struct {
	Algorithm algorithmIdentifier
	Digest    []byte
}

type algorithmIdentifier struct {
	Algorithm  asn1.ObjectIdentifier
	Parameters asn1.RawValue `asn1:"optional"`
}

type encryptedData struct {
	Version              int
	EncryptedContentInfo struct {
		ContentType                asn1.ObjectIdentifier
		ContentEncryptionAlgorithm algorithmIdentifier
		EncryptedContent           []byte `asn1:"tag:0,optional"`
	}
}

type pbeParams struct {
	Salt       []byte
	Iterations int
}

type pbes2Params struct {
	KeyDerivationFunc algorithmIdentifier
	EncryptionScheme  algorithmIdentifier
}

type pbkdf2Params struct {
	Salt       asn1.RawValue
	Iterations int
	Rest       asn1.RawValue `asn1:"optional"`
}

// inspectPFX reads the outer layers of a PKCS12 file: whether it has a MAC
// and encrypted content, and that no iteration count exceeds MaxIterations
// (the costs a password check will pay).
func inspectPFX(data []byte) (pfxInfo, error) {
	var info pfxInfo
	var pfx pfxPDU
	rest, err := asn1.Unmarshal(data, &pfx)
	if err != nil {
		return info, err
	}
	if len(rest) != 0 {
		return info, errors.New("trailing data after the PFX structure")
	}
	if pfx.Version != 3 {
		return info, fmt.Errorf("PFX version %d, want 3", pfx.Version)
	}
	if len(pfx.MacData.Mac.Algorithm.Algorithm) > 0 {
		info.hasMAC = true
		if err := checkIterations("MAC", pfx.MacData.Iterations); err != nil {
			return info, err
		}
		if pfx.MacData.Mac.Algorithm.Algorithm.Equal(oidPBMAC1) {
			var p pbes2Params // PBMAC1-params has the same two-algorithm shape
			if _, err := asn1.Unmarshal(pfx.MacData.Mac.Algorithm.Parameters.FullBytes, &p); err != nil {
				return info, fmt.Errorf("PBMAC1 parameters: %v", err)
			}
			if err := checkKDF(p.KeyDerivationFunc); err != nil {
				return info, err
			}
		}
	}
	if !pfx.AuthSafe.ContentType.Equal(oidData) {
		return info, errors.New("only password-integrity PFX files are supported (public-key integrity is not)")
	}
	var authSafe []byte
	if _, err := asn1.Unmarshal(pfx.AuthSafe.Content.Bytes, &authSafe); err != nil {
		return info, fmt.Errorf("authenticated safe: %v", err)
	}
	var cis []contentInfo
	if _, err := asn1.Unmarshal(authSafe, &cis); err != nil {
		return info, fmt.Errorf("authenticated safe: %v", err)
	}
	for _, ci := range cis {
		if !ci.ContentType.Equal(oidEncryptedData) {
			continue
		}
		info.encrypted = true
		var ed encryptedData
		if _, err := asn1.Unmarshal(ci.Content.Bytes, &ed); err != nil {
			return info, fmt.Errorf("encrypted data: %v", err)
		}
		alg := ed.EncryptedContentInfo.ContentEncryptionAlgorithm
		if alg.Algorithm.Equal(oidPBES2) {
			var p pbes2Params
			if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &p); err != nil {
				return info, fmt.Errorf("PBES2 parameters: %v", err)
			}
			if err := checkKDF(p.KeyDerivationFunc); err != nil {
				return info, err
			}
			continue
		}
		var p pbeParams
		if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &p); err != nil {
			return info, fmt.Errorf("PBE parameters: %v", err)
		}
		if err := checkIterations("encryption", p.Iterations); err != nil {
			return info, err
		}
	}
	return info, nil
}

func checkKDF(kdf algorithmIdentifier) error {
	if !kdf.Algorithm.Equal(oidPBKDF2) {
		return fmt.Errorf("unsupported key derivation %v", kdf.Algorithm)
	}
	var p pbkdf2Params
	if _, err := asn1.Unmarshal(kdf.Parameters.FullBytes, &p); err != nil {
		return fmt.Errorf("PBKDF2 parameters: %v", err)
	}
	return checkIterations("PBKDF2", p.Iterations)
}

func checkIterations(what string, n int) error {
	if n < 1 || n > MaxIterations {
		return fmt.Errorf("%s iteration count %d is outside 1..%d (Java refuses it too)", what, n, MaxIterations)
	}
	return nil
}
