package truststore

import (
	"crypto/tls"
	"fmt"
)

// What Java 17's TLS client offers and accepts with default settings
// (java.security of JDK 17: jdk.tls.disabledAlgorithms disables SSLv3,
// TLS 1.0 and 1.1, RC4, DES, 3DES, anon, NULL, static ECDH and DH groups
// under 1024 bits). TestJavaCipherSuites compares this with the JVM.

// JavaSuite is one TLS 1.2 cipher suite that Java 17 enables by default.
type JavaSuite struct {
	ID   uint16
	Name string // the IANA name, which Java uses too
	// Go: Go's crypto/tls can negotiate it (as a client, when configured).
	Go bool
	// GoSecure: Go lists it among its secure suites (tls.CipherSuites);
	// RSA key exchange is not (no forward secrecy).
	GoSecure bool
	// DHE: finite-field Diffie-Hellman key exchange.
	DHE bool
}

// JavaTLS12Suites are Java 17's default TLS 1.2 cipher suites, in its order
// of preference. Java's TLS 1.3 suites (AES-GCM, ChaCha20) are all Go's too.
var JavaTLS12Suites = []JavaSuite{
	{0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", true, true, false},
	{0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", true, true, false},
	{0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", true, true, false},
	{0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", true, true, false},
	{0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", true, true, false},
	{0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", true, true, false},
	{0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", false, false, true},
	{0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", false, false, true},
	{0x00a3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", false, false, true},
	{0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", false, false, true},
	{0x00a2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", false, false, true},
	{0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", false, false, false},
	{0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", false, false, false},
	{0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", true, false, false},
	{0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", true, false, false},
	{0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", false, false, true},
	{0x006a, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", false, false, true},
	{0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", false, false, true},
	{0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", false, false, true},
	{0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", true, true, false},
	{0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", true, true, false},
	{0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", true, true, false},
	{0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", true, true, false},
	{0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", false, false, true},
	{0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", false, false, true},
	{0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", false, false, true},
	{0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", false, false, true},
	{0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", true, false, false},
	{0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", true, false, false},
	{0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", false, false, false},
	{0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", true, false, false},
	{0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", true, false, false},
	{0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", true, false, false},
}

// scsvRenegotiation is TLS_EMPTY_RENEGOTIATION_INFO_SCSV, which Java sends too.
const scsvRenegotiation = 0x00ff

// javaSuite finds a suite by ID.
func javaSuite(id uint16) (JavaSuite, bool) {
	for _, s := range JavaTLS12Suites {
		if s.ID == id {
			return s, true
		}
	}
	return JavaSuite{}, false
}

// SuiteName names a cipher suite (Java's and Go's names; hex otherwise).
func SuiteName(id uint16) string {
	if s, ok := javaSuite(id); ok {
		return s.Name
	}
	name := tls.CipherSuiteName(id)
	if name == fmt.Sprintf("0x%04X", id) {
		return fmt.Sprintf("cipher suite 0x%04x", id)
	}
	return name
}

// probeSuites are the TLS 1.2 suites the certificate probe offers: every
// suite of Java 17 that Go can negotiate, including those Go calls insecure
// and leaves out by default (RSA key exchange, CBC with SHA-256). The probe
// only reads the server's certificates and sends nothing secret over them.
func probeSuites() []uint16 {
	var out []uint16
	for _, s := range JavaTLS12Suites {
		if s.Go {
			out = append(out, s.ID)
		}
	}
	return out
}

// secureSuites are the suites of Java 17 that Go also calls secure: used
// where whdctl itself sends a secret (the EWS password).
func secureSuites() []uint16 {
	var out []uint16
	for _, s := range JavaTLS12Suites {
		if s.GoSecure {
			out = append(out, s.ID)
		}
	}
	return out
}

// Java 17's named groups (jdk.tls.namedGroups default) and signature
// schemes, as its ClientHello lists them.
var (
	javaGroups = []uint16{
		0x001d, // x25519
		0x0017, // secp256r1
		0x0018, // secp384r1
		0x0019, // secp521r1
		0x001e, // x448
		0x0100, // ffdhe2048
		0x0101, // ffdhe3072
		0x0102, // ffdhe4096
		0x0103, // ffdhe6144
		0x0104, // ffdhe8192
	}
	javaSignatureSchemes = []uint16{
		0x0403, 0x0503, 0x0603, // ecdsa_secp256r1_sha256, secp384r1_sha384, secp521r1_sha512
		0x0807, 0x0808, // ed25519, ed448
		0x0804, 0x0805, 0x0806, // rsa_pss_rsae_sha256/384/512
		0x0809, 0x080a, 0x080b, // rsa_pss_pss_sha256/384/512
		0x0401, 0x0501, 0x0601, // rsa_pkcs1_sha256/384/512
		0x0402,                 // dsa_sha256
		0x0303, 0x0301, 0x0302, // ecdsa_sha224, rsa_sha224, dsa_sha224
		0x0203, 0x0201, 0x0202, // ecdsa_sha1, rsa_pkcs1_sha1, dsa_sha1
	}
)

// Java's limits on what a server may send in the handshake (JDK 17 defaults).
const (
	// JavaMaxHandshakeMessage is jdk.tls.maxHandshakeMessageSize: Java
	// refuses any handshake message whose body is larger.
	JavaMaxHandshakeMessage = 32768
	// JavaMaxChainLength is jdk.tls.maxCertificateChainLength: Java refuses
	// a Certificate message with more certificates.
	JavaMaxChainLength = 10
	// javaMinDHBits is "DH keySize < 1024" in jdk.tls.disabledAlgorithms.
	javaMinDHBits = 1024
)
