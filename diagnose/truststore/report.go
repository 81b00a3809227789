package truststore

import (
	"crypto/x509"
	"encoding/pem"
	"time"
)

// CertInfo describes one certificate in reports. JSON contract.
type CertInfo struct {
	Subject  string `json:"subject"`
	Issuer   string `json:"issuer"`
	NotAfter string `json:"not_after"`
	SHA256   string `json:"sha256"`
}

// Info describes c.
func Info(c *x509.Certificate) CertInfo {
	return CertInfo{Subject: name(c), Issuer: issuerName(c), NotAfter: c.NotAfter.UTC().Format(time.RFC3339), SHA256: Fingerprint(c)}
}

// Report is the result of `whdctl diagnose truststore`. The fields up to
// Fix are the JSON interface contract; the others extend it.
type Report struct {
	Host           string     `json:"host"`
	Port           int        `json:"port"`
	Truststore     string     `json:"truststore"`
	TruststoreType string     `json:"truststore_type"`
	Trusted        bool       `json:"trusted"`
	HostnameOK     bool       `json:"hostname_ok"`
	Failure        *Failure   `json:"failure"`
	Chain          []CertInfo `json:"chain"`
	ImportCert     *CertInfo  `json:"import_cert"`
	Fix            string     `json:"fix"`
	OK             bool       `json:"ok"`
	Message        string     `json:"message"`
	Command        string     `json:"keytool_command"`
	Source         string     `json:"truststore_source"`
	Warnings       []string   `json:"warnings"`
	// Setup is what to run before Command (keytool_setup): it reads the
	// store password into WHDCTL_STOREPASS without echoing it.
	Setup string `json:"keytool_setup,omitempty"`
	// HandshakeCause refines the handshake failure: not-tls, protocol,
	// message-size, chain-length, or whdctl (whdctl's TLS library could not
	// complete a handshake Java may complete).
	HandshakeCause Cause `json:"handshake_cause,omitempty"`
	importCert     *x509.Certificate
}

// Target is a TLS server to check.
type Target struct {
	Host string
	Port int
}

// NewReport assembles a report from a verdict (chain is what the server sent).
func NewReport(t Target, store StoreRef, source string, chain []*x509.Certificate, v Verdict, certFile string) *Report {
	r := &Report{
		Host: t.Host, Port: t.Port,
		Truststore: store.Path, TruststoreType: string(store.Format), Source: source,
		Trusted: v.Trusted, HostnameOK: v.HostnameOK,
		Chain: []CertInfo{}, Warnings: append([]string{}, v.Warnings...),
		Message: v.Detail, OK: v.OK(),
	}
	for _, c := range chain {
		r.Chain = append(r.Chain, Info(c))
	}
	if v.Failure != FailNone {
		f := v.Failure
		r.Failure = &f
	}
	if v.Failure == FailHandshake {
		r.HandshakeCause = v.Cause
	}
	fix := PlanFix(v, t.Host, store, certFile)
	r.Fix, r.Command, r.Setup = fix.Text, fix.Command, fix.Setup
	if fix.Import != nil {
		ci := Info(fix.Import)
		r.ImportCert = &ci
		r.importCert = fix.Import
	}
	return r
}

// ConnectReport is the report when no chain could be obtained.
func ConnectReport(t Target, store StoreRef, source string, pe *ProbeError) *Report {
	return NewReport(t, store, source, nil, Verdict{Failure: pe.Failure, Cause: pe.Cause, Detail: pe.Msg}, "")
}

// AddWarnings appends notes to the report's warnings, which stay a list
// (never null in JSON).
func (r *Report) AddWarnings(ws ...string) {
	r.Warnings = append(r.Warnings, ws...)
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
}

// PrependWarnings puts notes before the report's warnings.
func (r *Report) PrependWarnings(ws ...string) {
	r.Warnings = append(append([]string{}, ws...), r.Warnings...)
}

// ImportPEM is the PEM of the certificate to import (nil when none).
func (r *Report) ImportPEM() []byte {
	if r.importCert == nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: r.importCert.Raw})
}
