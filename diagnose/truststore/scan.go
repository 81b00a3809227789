package truststore

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
)

// Scan12 is what a TLS 1.2 handshake opened with Java 17's ClientHello
// shows, up to the server's certificates: TLS 1.2 sends them in clear, so
// they can be read whatever cipher suite the server picks, including those
// Go's crypto/tls does not implement (DHE, CBC with SHA-384).
type Scan12 struct {
	Suite uint16
	Chain []*x509.Certificate
	// CertMsgSize is the size of the Certificate message's body, as Java
	// measures it against jdk.tls.maxHandshakeMessageSize.
	CertMsgSize int
	// DHBits is the size of the server's DHE group (0 when not DHE).
	DHBits int
}

// maxScanMessage bounds one handshake message the scan reads (Go's own
// limit for a Certificate message).
const maxScanMessage = 256 << 10

// ScanAlertError is a TLS alert the server answered the scan with.
type ScanAlertError struct{ Code byte }

func (e ScanAlertError) Error() string { return "the server sent alert " + alertName(e.Code) }

func alertName(code byte) string {
	names := map[byte]string{10: "unexpected_message", 20: "bad_record_mac", 40: "handshake_failure", 42: "bad_certificate",
		47: "illegal_parameter", 50: "decode_error", 70: "protocol_version", 71: "insufficient_security", 80: "internal_error",
		86: "inappropriate_fallback", 109: "missing_extension", 110: "unsupported_extension", 112: "unrecognized_name"}
	if n, ok := names[code]; ok {
		return n
	}
	return fmt.Sprintf("%d", code)
}

// ScanTLS12 connects to t and sends the TLS 1.2 ClientHello Java 17 would
// (its TLS 1.2 cipher suites, groups and signature schemes), reads the
// ServerHello, the Certificate message and, for DHE, the group size, then
// hangs up. No key is ever negotiated.
func ScanTLS12(ctx context.Context, t Target, dial DialFunc) (*Scan12, error) {
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	conn, err := dial(ctx, "tcp", t.Addr())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	sni := ""
	if net.ParseIP(t.Host) == nil {
		sni = t.Host
	}
	if _, err := conn.Write(clientHello12(sni)); err != nil {
		return nil, err
	}
	return readServerFlight(&recordReader{r: conn})
}

// clientHello12 is a TLS 1.2 ClientHello record with Java 17's lists.
func clientHello12(sni string) []byte {
	var body []byte
	body = append(body, 0x03, 0x03) // client_version TLS 1.2
	random := make([]byte, 32)
	_, _ = rand.Read(random)
	body = append(body, random...)
	body = append(body, 0) // no session ID
	var suites []byte
	for _, s := range JavaTLS12Suites {
		suites = binary.BigEndian.AppendUint16(suites, s.ID)
	}
	suites = binary.BigEndian.AppendUint16(suites, scsvRenegotiation)
	body = appendU16Bytes(body, suites)
	body = append(body, 1, 0) // null compression only

	var ext []byte
	if sni != "" && len(sni) < 256 {
		var list []byte
		list = append(list, 0) // host_name
		list = appendU16Bytes(list, []byte(sni))
		ext = appendExt(ext, 0x0000, appendU16Bytes(nil, list))
	}
	ext = appendExt(ext, 0x000a, appendU16Bytes(nil, u16s(javaGroups)))           // supported_groups
	ext = appendExt(ext, 0x000b, []byte{1, 0})                                    // ec_point_formats: uncompressed
	ext = appendExt(ext, 0x000d, appendU16Bytes(nil, u16s(javaSignatureSchemes))) // signature_algorithms
	ext = appendExt(ext, 0x0017, nil)                                             // extended_master_secret
	body = appendU16Bytes(body, ext)

	msg := []byte{1, byte(len(body) >> 16), byte(len(body) >> 8), byte(len(body))}
	msg = append(msg, body...)
	rec := []byte{22, 0x03, 0x01, byte(len(msg) >> 8), byte(len(msg))}
	return append(rec, msg...)
}

func u16s(v []uint16) []byte {
	var out []byte
	for _, x := range v {
		out = binary.BigEndian.AppendUint16(out, x)
	}
	return out
}

func appendU16Bytes(b, v []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(len(v)))
	return append(b, v...)
}

func appendExt(b []byte, typ uint16, data []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, typ)
	return appendU16Bytes(b, data)
}

// recordReader returns the handshake messages of a server's flight.
type recordReader struct {
	r   io.Reader
	buf []byte // handshake bytes not yet consumed
}

var errNotTLS = errors.New("the answer is not TLS")

// next returns the next handshake message: its type and body.
func (rr *recordReader) next() (byte, []byte, error) {
	for {
		if len(rr.buf) >= 4 {
			n := int(rr.buf[1])<<16 | int(rr.buf[2])<<8 | int(rr.buf[3])
			if n > maxScanMessage {
				return 0, nil, fmt.Errorf("the server sent a handshake message of %d bytes", n)
			}
			if len(rr.buf) >= 4+n {
				typ, body := rr.buf[0], rr.buf[4:4+n]
				rr.buf = rr.buf[4+n:]
				return typ, body, nil
			}
		}
		var hdr [5]byte
		if _, err := io.ReadFull(rr.r, hdr[:]); err != nil {
			return 0, nil, err
		}
		typ, n := hdr[0], int(binary.BigEndian.Uint16(hdr[3:]))
		if hdr[1] != 3 || n > 16384+2048 {
			return 0, nil, errNotTLS
		}
		data := make([]byte, n)
		if _, err := io.ReadFull(rr.r, data); err != nil {
			return 0, nil, err
		}
		switch typ {
		case 22:
			rr.buf = append(rr.buf, data...)
		case 21:
			if len(data) >= 2 {
				return 0, nil, ScanAlertError{Code: data[1]}
			}
			return 0, nil, errors.New("the server sent a malformed alert")
		default:
			return 0, nil, fmt.Errorf("the server sent record type %d during the handshake", typ)
		}
	}
}

// readServerFlight reads ServerHello, Certificate and (for DHE) the
// ServerKeyExchange.
func readServerFlight(rr *recordReader) (*Scan12, error) {
	typ, body, err := rr.next()
	if err != nil {
		return nil, err
	}
	if typ != 2 {
		return nil, fmt.Errorf("the server answered with handshake message %d instead of a ServerHello", typ)
	}
	// version(2) random(32) session_id<0..32> cipher_suite(2) ...
	if len(body) < 35 {
		return nil, errors.New("the ServerHello is truncated")
	}
	version := binary.BigEndian.Uint16(body)
	sidLen := int(body[34])
	if len(body) < 35+sidLen+2 {
		return nil, errors.New("the ServerHello is truncated")
	}
	if version != 0x0303 {
		return nil, &ScanVersionError{Version: version}
	}
	s := &Scan12{Suite: binary.BigEndian.Uint16(body[35+sidLen:])}
	suite, ok := javaSuite(s.Suite)
	if !ok {
		return nil, fmt.Errorf("the server chose %s, which was not offered", SuiteName(s.Suite))
	}
	typ, body, err = rr.next()
	if err != nil {
		return nil, err
	}
	if typ != 11 {
		return nil, fmt.Errorf("the server sent handshake message %d instead of its certificates (an anonymous or PSK suite?)", typ)
	}
	s.CertMsgSize = len(body)
	if s.Chain, err = parseCertificateList(body); err != nil {
		return nil, err
	}
	if !suite.DHE {
		return s, nil
	}
	for {
		typ, body, err = rr.next()
		if err != nil {
			return nil, err
		}
		switch typ {
		case 22: // CertificateStatus: skip
			continue
		case 12: // ServerKeyExchange: dh_p<1..2^16-1>, dh_g, dh_Ys, signature
			if len(body) < 2 || len(body) < 2+int(binary.BigEndian.Uint16(body)) {
				return nil, errors.New("the ServerKeyExchange is truncated")
			}
			p := body[2 : 2+int(binary.BigEndian.Uint16(body))]
			s.DHBits = new(big.Int).SetBytes(p).BitLen()
			return s, nil
		}
		return nil, fmt.Errorf("the server sent handshake message %d instead of its DH parameters", typ)
	}
}

// ScanVersionError is a ServerHello with a version other than TLS 1.2.
type ScanVersionError struct{ Version uint16 }

func (e *ScanVersionError) Error() string {
	return fmt.Sprintf("the server answered with %s", versionName(e.Version))
}

func versionName(v uint16) string {
	switch v {
	case 0x0300:
		return "SSL 3.0"
	case 0x0301:
		return "TLS 1.0"
	case 0x0302:
		return "TLS 1.1"
	case 0x0303:
		return "TLS 1.2"
	case 0x0304:
		return "TLS 1.3"
	}
	return fmt.Sprintf("version 0x%04x", v)
}

// parseCertificateList reads a TLS 1.2 Certificate message body.
func parseCertificateList(body []byte) ([]*x509.Certificate, error) {
	if len(body) < 3 {
		return nil, errors.New("the Certificate message is truncated")
	}
	n := int(body[0])<<16 | int(body[1])<<8 | int(body[2])
	rest := body[3:]
	if n != len(rest) {
		return nil, errors.New("the Certificate message's length does not add up")
	}
	var chain []*x509.Certificate
	for len(rest) > 0 {
		if len(rest) < 3 {
			return nil, errors.New("the Certificate message is truncated")
		}
		l := int(rest[0])<<16 | int(rest[1])<<8 | int(rest[2])
		if l > len(rest)-3 {
			return nil, errors.New("the Certificate message is truncated")
		}
		c, err := x509.ParseCertificate(rest[3 : 3+l])
		if err != nil {
			return nil, fmt.Errorf("failed to parse certificate from server: %v", err)
		}
		chain = append(chain, c)
		rest = rest[3+l:]
	}
	if len(chain) == 0 {
		return nil, errors.New("the server sent no certificate")
	}
	return chain, nil
}
