package truststore

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	keystore "github.com/pavlo-v-chernykh/keystore-go/v4"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

func jksBytes(t testing.TB, password string, cs ...*x509.Certificate) []byte {
	t.Helper()
	ks := keystore.New(keystore.WithOrderedAliases())
	for i, c := range cs {
		err := ks.SetTrustedCertificateEntry(string(rune('a'+i)), keystore.TrustedCertificateEntry{
			CreationTime: now,
			Certificate:  keystore.Certificate{Type: "X509", Content: c.Raw},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := ks.Store(&b, []byte(password)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func p12Bytes(t testing.TB, enc *pkcs12.Encoder, password string, cs ...*x509.Certificate) []byte {
	t.Helper()
	data, err := enc.EncodeTrustStore(cs, password)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDecodeStores(t *testing.T) {
	p := testPKI(t)
	tests := []struct {
		name     string
		data     []byte
		password string
		format   Format
		pwless   bool
		n        int
		err      string
		wrongPw  bool
	}{
		{name: "jks", data: jksBytes(t, "changeit", p.root.cert, p.self.cert), password: "changeit", format: JKS, n: 2},
		{name: "jks wrong password", data: jksBytes(t, "s3cret", p.root.cert), password: "changeit", wrongPw: true},
		{name: "pkcs12", data: p12Bytes(t, pkcs12.Modern, "changeit", p.root.cert, p.inter.cert), password: "changeit", format: PKCS12, n: 2},
		{name: "pkcs12 legacy", data: p12Bytes(t, pkcs12.LegacyDES, "changeit", p.root.cert), password: "changeit", format: PKCS12, n: 1},
		{name: "pkcs12 wrong password", data: p12Bytes(t, pkcs12.Modern, "s3cret", p.root.cert), password: "changeit", wrongPw: true},
		{name: "password-less pkcs12 with any password", data: p12Bytes(t, pkcs12.Passwordless, "", p.root.cert), password: "whatever", format: PKCS12, pwless: true, n: 1},
		{name: "empty", data: nil, err: "empty"},
		{name: "pem", data: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.root.cert.Raw}), err: "PEM file"},
		{name: "der certificate", data: p.root.cert.Raw, err: "single DER certificate"},
		{name: "jceks", data: []byte{0xce, 0xce, 0xce, 0xce, 0, 0, 0, 2}, err: "JCEKS"},
		{name: "text", data: []byte("hello"), err: "not a Java truststore"},
		{name: "pkcs12 keystore with a key", data: func() []byte {
			d, err := pkcs12.Modern.Encode(p.leaf.key, p.leaf.cert, nil, "changeit")
			if err != nil {
				t.Fatal(err)
			}
			return d
		}(), password: "changeit", err: "private keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Decode(tt.data, tt.password)
			switch {
			case tt.wrongPw:
				if !errors.Is(err, ErrWrongPassword) {
					t.Fatalf("err = %v, want ErrWrongPassword", err)
				}
				return
			case tt.err != "":
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.err)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if st.Format != tt.format || st.PasswordLess != tt.pwless || len(st.Anchors) != tt.n {
				t.Fatalf("got format %s pwless %v anchors %d", st.Format, st.PasswordLess, len(st.Anchors))
			}
		})
	}
}

func TestDecodeJKSKeyEntryLeafIsAnchor(t *testing.T) {
	p := testPKI(t)
	ks := keystore.New()
	der, err := x509.MarshalPKCS8PrivateKey(p.leaf.key)
	if err != nil {
		t.Fatal(err)
	}
	err = ks.SetPrivateKeyEntry("tomcat", keystore.PrivateKeyEntry{
		CreationTime:     now,
		PrivateKey:       der,
		CertificateChain: []keystore.Certificate{{Type: "X509", Content: p.leaf.cert.Raw}, {Type: "X509", Content: p.inter.cert.Raw}},
	}, []byte("changeit"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := ks.Store(&b, []byte("changeit")); err != nil {
		t.Fatal(err)
	}
	st, err := Decode(b.Bytes(), "changeit")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Anchors) != 1 || !st.Anchors[0].Cert.Equal(p.leaf.cert) {
		t.Fatalf("anchors %v, want the key entry's first certificate", st.Anchors)
	}
}

// TestDecodeCorruptJKS cuts and breaks a valid store everywhere: every
// variant must give an error (or a store), never a panic or a huge
// allocation.
func TestDecodeCorruptJKS(t *testing.T) {
	p := testPKI(t)
	good := jksBytes(t, "changeit", p.root.cert, p.inter.cert)
	for n := 0; n < len(good); n++ {
		if _, err := Decode(good[:n], "changeit"); err == nil {
			t.Fatalf("truncated to %d bytes: no error", n)
		}
	}
	for i := 4; i < len(good); i += 3 {
		bad := append([]byte(nil), good...)
		bad[i] ^= 0xff
		_, _ = Decode(bad, "changeit")
	}
	// A length field claiming 4 GiB in a 100-byte file.
	huge := append([]byte(nil), jksMagic...)
	huge = binary.BigEndian.AppendUint32(huge, 2) // version
	huge = binary.BigEndian.AppendUint32(huge, 1) // one entry
	huge = binary.BigEndian.AppendUint32(huge, 1) // private key entry
	huge = binary.BigEndian.AppendUint16(huge, 1)
	huge = append(huge, 'a')
	huge = binary.BigEndian.AppendUint64(huge, 0)
	huge = binary.BigEndian.AppendUint32(huge, 0xffffffff)
	huge = append(huge, make([]byte, 60)...)
	if _, err := Decode(huge, "changeit"); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("err = %v", err)
	}
	// A certificate count of 2^32-1.
	many := append([]byte(nil), huge[:len(huge)-64]...)
	many = binary.BigEndian.AppendUint32(many, 0) // key length 0
	many = binary.BigEndian.AppendUint32(many, 0xffffffff)
	many = append(many, make([]byte, 40)...)
	if _, err := Decode(many, "changeit"); err == nil || !strings.Contains(err.Error(), "certificates") {
		t.Fatalf("err = %v", err)
	}
}

func TestDecodeCorruptPKCS12(t *testing.T) {
	p := testPKI(t)
	for _, data := range [][]byte{
		p12Bytes(t, pkcs12.Modern, "changeit", p.root.cert),
		p12Bytes(t, pkcs12.Passwordless, "", p.root.cert),
	} {
		for n := 1; n < len(data); n += 7 {
			if _, err := Decode(data[:n], "changeit"); err == nil {
				t.Fatalf("truncated to %d bytes: no error", n)
			}
		}
		for i := 0; i < len(data); i += 5 {
			bad := append([]byte(nil), data...)
			bad[i] ^= 0x5a
			_, _ = Decode(bad, "changeit")
		}
	}
}

// TestDecodeIterationBombIsRefusedQuickly: the check happens before any
// key derivation, so a crafted count costs nothing. The benchmark below
// measures the cost of the largest accepted count.
func TestDecodeIterationBombIsRefusedQuickly(t *testing.T) {
	p := testPKI(t)
	// Encode with an unusual count, then raise it in place to 8388607,
	// beyond MaxIterations: the check must refuse the file before any key
	// derivation (which would take minutes).
	for _, enc := range []*pkcs12.Encoder{pkcs12.Modern, pkcs12.LegacyDES} {
		data := p12Bytes(t, enc.WithIterations(0x012345), "changeit", p.root.cert)
		from, to := []byte{0x02, 0x03, 0x01, 0x23, 0x45}, []byte{0x02, 0x03, 0x7f, 0xff, 0xff}
		if bytes.Count(data, from) == 0 {
			t.Fatal("iteration count not found in the encoding")
		}
		bomb := bytes.ReplaceAll(data, from, to)
		if _, err := Decode(bomb, "changeit"); err == nil || !strings.Contains(err.Error(), "iteration count 8388607") {
			t.Fatalf("err = %v", err)
		}
	}
}

func BenchmarkDecodeMaxIterations(b *testing.B) {
	p := testPKI(b)
	data := p12Bytes(b, pkcs12.Modern.WithIterations(MaxIterations), "changeit", p.root.cert)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Decode(data, "changeit"); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	p := testPKI(f)
	f.Add(jksBytes(f, "changeit", p.root.cert), "changeit")
	f.Add(p12Bytes(f, pkcs12.Modern.WithIterations(2), "changeit", p.root.cert), "changeit")
	f.Add(p12Bytes(f, pkcs12.Passwordless, "", p.root.cert), "")
	f.Add(p12Bytes(f, pkcs12.LegacyDES.WithIterations(2), "x", p.root.cert, p.inter.cert), "x")
	f.Add([]byte{0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff}, "changeit")
	f.Add([]byte("-----BEGIN CERTIFICATE-----"), "")
	f.Fuzz(func(t *testing.T, data []byte, password string) {
		st, err := Decode(data, password)
		if err == nil {
			if st.Format != JKS && st.Format != PKCS12 {
				t.Fatalf("decoded with format %q", st.Format)
			}
			for _, a := range st.Anchors {
				if a.Cert == nil {
					t.Fatal("nil anchor")
				}
			}
		} else if err.Error() == "" {
			t.Fatal("empty error message")
		}
		st, err = DecodeWithoutPassword(data)
		if err == nil {
			for _, a := range st.Anchors {
				if a.Cert == nil {
					t.Fatal("nil anchor")
				}
			}
			if st.Format == JKS && !st.Unchecked {
				t.Fatal("a JKS read without a password is not marked unchecked")
			}
		} else if err.Error() == "" {
			t.Fatal("empty error message")
		}
	})
}

func TestRandomBytesAreNotAStore(t *testing.T) {
	buf := make([]byte, 4096)
	for i := 0; i < 50; i++ {
		_, _ = rand.Read(buf)
		buf[0] = 0x30
		if _, err := Decode(buf, "changeit"); err == nil {
			t.Fatal("random bytes decoded")
		}
	}
}
