// Package truststoretest builds the real-program fixtures that whdctl's
// truststore verdicts are checked against: certificate chains made with
// openssl, truststores made with keytool (JKS, PKCS12, password-less
// PKCS12), TLS servers on 127.0.0.1 serving those chains, and a small Java
// client (HttpsURLConnection) that gives the JVM's own verdict.
//
// Tests call Get, which builds everything once per test binary; TestMain
// calls Cleanup. When a program is missing the test fails under CI=true and
// is skipped otherwise.
package truststoretest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whdctl/whdctl/internal/oracle"
)

// Require fails (CI=true) or skips the test when a program is missing.
func Require(t testing.TB, progs ...string) {
	t.Helper()
	oracle.Require(t, progs...)
}

// Store is a keytool-made truststore.
type Store struct {
	Name         string // "jks", "pkcs12", "pkcs12-nopass"
	Path         string
	Type         string // JKS or PKCS12, as keytool wrote it
	Password     string // what to give Java and whdctl (WHDCTL_STOREPASS)
	PasswordLess bool
}

// StorePassword is the password of the PKCS12 store: not the default, so
// that tests can check it never leaks into output.
const StorePassword = "Tr0ub4dor-&-3-store"

// Scenario is a TLS server with one chain.
type Scenario struct {
	Name  string
	Chain []string // certificate names, in the order the server sends them
	Key   string   // the leaf's key name
}

// Scenarios are the chains served. The certificate names are those of
// BuildPKI.
var Scenarios = []Scenario{
	{"good", []string{"leaf", "inter"}, "leaf"},
	{"full-chain", []string{"leaf", "inter", "root"}, "leaf"},
	{"unordered", []string{"leaf", "root", "inter"}, "leaf"},
	{"missing-intermediate", []string{"leaf"}, "leaf"},
	{"expired", []string{"expired", "inter"}, "expired"},
	{"not-yet-valid", []string{"future", "inter"}, "future"},
	{"wrong-name", []string{"wrongname", "inter"}, "wrongname"},
	{"self-signed", []string{"selfunique"}, "selfunique"},
	{"self-signed-renewed", []string{"selfsigned"}, "selfsigned"}, // same name as "pinned", another key
	{"self-signed-pinned", []string{"pinned"}, "pinned"},
	{"self-signed-pinned-expired", []string{"pinnedexpired"}, "pinnedexpired"},
	{"untrusted-root", []string{"leaf2", "inter2"}, "leaf2"},
	{"untrusted-root-sent", []string{"leaf2", "inter2", "root2"}, "leaf2"},
	{"expired-anchor", []string{"oldleaf"}, "oldleaf"},
	{"md5-signature", []string{"md5leaf", "inter"}, "md5leaf"},
	{"sha1-signature", []string{"sha1leaf", "inter"}, "sha1leaf"},
	{"weak-key", []string{"weakleaf", "weakinter"}, "weakleaf"},
}

// Anchors are the certificates imported into every store.
var Anchors = []string{"root", "pinned", "pinnedexpired", "expiredroot"}

// Fixture is everything built once.
type Fixture struct {
	Dir      string
	Stores   []Store
	ClassDir string // compiled TrustProbe
}

// Cert is the PEM file of a certificate.
func (f *Fixture) Cert(name string) string { return filepath.Join(f.Dir, name+".pem") }

// KeyFile is the PEM file of a key.
func (f *Fixture) KeyFile(name string) string { return filepath.Join(f.Dir, name+".key") }

var (
	once     sync.Once
	fixture  *Fixture
	buildErr error
	javaOnce sync.Once
	javaErr  error
	dirs     []string
	dirsMu   sync.Mutex
)

// Get builds the certificates (openssl) and stores (keytool) once.
func Get(t testing.TB) *Fixture {
	t.Helper()
	Require(t, "openssl", "keytool")
	once.Do(func() {
		dir, err := os.MkdirTemp("", "whdctl-truststore-")
		if err != nil {
			buildErr = err
			return
		}
		track(dir)
		f := &Fixture{Dir: dir}
		if err := BuildPKI(dir); err != nil {
			buildErr = err
			return
		}
		if f.Stores, err = BuildStores(dir, Anchors); err != nil {
			buildErr = err
			return
		}
		fixture = f
	})
	if buildErr != nil {
		t.Fatalf("building the truststore fixture: %v", buildErr)
	}
	return fixture
}

// Java compiles the probe once and returns the folder of its class.
func (f *Fixture) Java(t testing.TB) string {
	t.Helper()
	Require(t, "javac", "java")
	javaOnce.Do(func() { f.ClassDir, javaErr = CompileProbe(f.Dir) })
	if javaErr != nil {
		t.Fatalf("compiling TrustProbe: %v", javaErr)
	}
	return f.ClassDir
}

// Store returns the store with that name.
func (f *Fixture) Store(name string) Store {
	for _, s := range f.Stores {
		if s.Name == name {
			return s
		}
	}
	panic("no store " + name)
}

func track(dir string) {
	dirsMu.Lock()
	dirs = append(dirs, dir)
	dirsMu.Unlock()
}

// Cleanup removes what Get built. Call it from TestMain.
func Cleanup() {
	dirsMu.Lock()
	defer dirsMu.Unlock()
	for _, d := range dirs {
		os.RemoveAll(d)
	}
	dirs = nil
}

func run(dir string, name string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return nil
}

const caConf = `[ca]
default_ca = whdctl_test_ca
[whdctl_test_ca]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
[policy_any]
commonName = supplied
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = caIssuers;URI:http://127.0.0.1:9/issuer.crt
[v3_wrong]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example.test
[v3_self]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
`

// certSpec is one certificate for openssl ca.
type certSpec struct {
	name, cn, issuer, ext, md string
	key                       string // "ec" (P-256), "rsa2048", "rsa512"
	start, end                string // openssl ca dates (YYYYMMDDHHMMSSZ); "" = now .. +days
	days                      int
}

// BuildPKI makes every certificate of the scenarios with openssl in dir.
func BuildPKI(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "ca.cnf"), []byte(caConf), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "index.txt"), nil, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "serial"), []byte("1000\n"), 0o644); err != nil {
		return err
	}
	now := time.Now().UTC()
	ts := func(t time.Time) string { return t.Format("20060102150405Z") }
	past1, past2 := ts(now.AddDate(-2, 0, 0)), ts(now.AddDate(-1, 0, 0))
	fut1, fut2 := ts(now.AddDate(1, 0, 0)), ts(now.AddDate(2, 0, 0))
	specs := []certSpec{
		{name: "root", cn: "whdctl Test Root CA", ext: "v3_ca", key: "rsa2048", days: 3650},
		{name: "inter", cn: "whdctl Test Intermediate CA", issuer: "root", ext: "v3_ca", key: "rsa2048", days: 1825},
		{name: "leaf", cn: "127.0.0.1", issuer: "inter", ext: "v3_leaf", key: "ec", days: 365},
		{name: "expired", cn: "127.0.0.1", issuer: "inter", ext: "v3_leaf", key: "ec", start: past1, end: past2},
		{name: "future", cn: "127.0.0.1", issuer: "inter", ext: "v3_leaf", key: "ec", start: fut1, end: fut2},
		{name: "wrongname", cn: "wrong.example.test", issuer: "inter", ext: "v3_wrong", key: "ec", days: 365},
		{name: "selfsigned", cn: "127.0.0.1", ext: "v3_self", key: "ec", days: 365},
		{name: "selfunique", cn: "whdctl Self-Signed Server", ext: "v3_self", key: "ec", days: 365},
		{name: "pinned", cn: "127.0.0.1", ext: "v3_self", key: "ec", days: 365},
		{name: "pinnedexpired", cn: "127.0.0.1", ext: "v3_self", key: "ec", start: past1, end: past2},
		{name: "root2", cn: "Unknown Root CA", ext: "v3_ca", key: "ec", days: 3650},
		{name: "inter2", cn: "Unknown Intermediate CA", issuer: "root2", ext: "v3_ca", key: "ec", days: 1825},
		{name: "leaf2", cn: "127.0.0.1", issuer: "inter2", ext: "v3_leaf", key: "ec", days: 365},
		{name: "expiredroot", cn: "whdctl Expired Root CA", ext: "v3_ca", key: "ec", start: past1, end: past2},
		{name: "oldleaf", cn: "127.0.0.1", issuer: "expiredroot", ext: "v3_leaf", key: "ec", days: 365},
		{name: "md5leaf", cn: "127.0.0.1", issuer: "inter", ext: "v3_leaf", key: "ec", days: 365, md: "md5"},
		{name: "sha1leaf", cn: "127.0.0.1", issuer: "inter", ext: "v3_leaf", key: "ec", days: 365, md: "sha1"},
		{name: "weakinter", cn: "whdctl Weak Intermediate CA", issuer: "root", ext: "v3_ca", key: "rsa512", days: 1825},
		{name: "weakleaf", cn: "127.0.0.1", issuer: "weakinter", ext: "v3_leaf", key: "ec", days: 365},
		{name: "rsaleaf", cn: "127.0.0.1", issuer: "inter", ext: "v3_leaf", key: "rsa2048", days: 365},
		{name: "rsa512leaf", cn: "127.0.0.1", issuer: "inter", ext: "v3_leaf", key: "rsa512", days: 365},
	}
	for _, s := range specs {
		if err := makeCert(dir, s); err != nil {
			return err
		}
	}
	return nil
}

func makeCert(dir string, s certSpec) error {
	keyArgs := map[string][]string{
		"ec":      {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"},
		"rsa2048": {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"},
		"rsa512":  {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:512"},
	}[s.key]
	if err := run(dir, "openssl", append(append([]string{"genpkey"}, keyArgs...), "-out", s.name+".key")...); err != nil {
		return err
	}
	if err := run(dir, "openssl", "req", "-new", "-key", s.name+".key", "-subj", "/CN="+s.cn, "-out", s.name+".csr"); err != nil {
		return err
	}
	args := []string{"ca", "-batch", "-notext", "-config", "ca.cnf", "-in", s.name + ".csr", "-out", s.name + ".pem", "-extfile", "ca.cnf", "-extensions", s.ext}
	if s.issuer == "" {
		args = append(args, "-selfsign", "-keyfile", s.name+".key")
	} else {
		args = append(args, "-cert", s.issuer+".pem", "-keyfile", s.issuer+".key")
	}
	if s.md != "" {
		args = append(args, "-md", s.md)
	}
	if s.start != "" {
		args = append(args, "-startdate", s.start, "-enddate", s.end)
	} else {
		args = append(args, "-days", fmt.Sprint(s.days))
	}
	return run(dir, "openssl", args...)
}

// BuildStores imports anchors into a JKS store with keytool and converts
// it to PKCS12 (StorePassword) and password-less PKCS12.
func BuildStores(dir string, anchors []string) ([]Store, error) {
	jks := Store{Name: "jks", Path: filepath.Join(dir, "trust.jks"), Type: "JKS", Password: "changeit"}
	for _, a := range anchors {
		if err := run(dir, "keytool", "-importcert", "-noprompt", "-alias", a, "-file", a+".pem",
			"-keystore", jks.Path, "-storetype", "JKS", "-storepass", jks.Password); err != nil {
			return nil, err
		}
	}
	p12 := Store{Name: "pkcs12", Path: filepath.Join(dir, "trust.p12"), Type: "PKCS12", Password: StorePassword}
	nopass := Store{Name: "pkcs12-nopass", Path: filepath.Join(dir, "trust-nopass.p12"), Type: "PKCS12", Password: "changeit", PasswordLess: true}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		errs[0] = run(dir, "keytool", "-importkeystore", "-noprompt", "-srckeystore", jks.Path, "-srcstoretype", "JKS", "-srcstorepass", jks.Password,
			"-destkeystore", p12.Path, "-deststoretype", "PKCS12", "-deststorepass", p12.Password)
	}()
	go func() {
		defer wg.Done()
		errs[1] = run(dir, "keytool", "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE", "-J-Dkeystore.pkcs12.macAlgorithm=NONE",
			"-importkeystore", "-noprompt", "-srckeystore", jks.Path, "-srcstoretype", "JKS", "-srcstorepass", jks.Password,
			"-destkeystore", nopass.Path, "-deststoretype", "PKCS12", "-deststorepass", "changeit")
	}()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return []Store{jks, p12, nopass}, nil
}

// CompileProbe compiles diagnose/testdata/truststore/TrustProbe.java into dir.
func CompileProbe(dir string) (string, error) {
	_, self, _, _ := runtime.Caller(0)
	src := filepath.Join(filepath.Dir(self), "..", "..", "testdata", "truststore", "TrustProbe.java")
	out := filepath.Join(dir, "classes")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	return out, run(dir, "javac", "-d", out, src)
}

// JavaVerdict is the JVM's answer for one URL.
type JavaVerdict struct {
	Verdict string // OK, PKIX_BUILD, PKIX_VALIDATE, HOSTNAME, NO_ANCHORS, HANDSHAKE, CONNECT, OTHER
	Message string
}

// AskJava runs TrustProbe once with the store and returns its verdict per
// URL. A store with an empty Password is given to Java without
// -Djavax.net.ssl.trustStorePassword, as an install that sets none.
func (f *Fixture) AskJava(st Store, urls []string) (map[string]JavaVerdict, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := []string{"-Djavax.net.ssl.trustStore=" + st.Path, "-Djavax.net.ssl.trustStoreType=" + st.Type}
	if st.Password != "" {
		args = append(args, "-Djavax.net.ssl.trustStorePassword="+st.Password)
	}
	args = append(args, "-cp", f.ClassDir, "TrustProbe")
	cmd := exec.CommandContext(ctx, "java", append(args, urls...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("java TrustProbe: %v\n%s", err, stderr.String())
	}
	res := map[string]JavaVerdict{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 3)
		if len(parts) != 3 {
			return nil, fmt.Errorf("TrustProbe printed %q", sc.Text())
		}
		res[parts[0]] = JavaVerdict{parts[1], parts[2]}
	}
	return res, nil
}

// JavaCipherSuites asks the JVM for its default enabled cipher suites, in
// its order of preference.
func (f *Fixture) JavaCipherSuites() ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "java", "-cp", f.ClassDir, "TrustProbe", "--cipher-suites").Output()
	if err != nil {
		return nil, fmt.Errorf("java TrustProbe --cipher-suites: %v", err)
	}
	return strings.Fields(string(out)), nil
}

// OpenSSLServer is `openssl s_server` run on 127.0.0.1 with a chain.
type OpenSSLServer struct {
	Cert  string   // the leaf's name (BuildPKI)
	Key   string   // its key's name
	Chain []string // certificate names sent after the leaf, in order
	Args  []string // more s_server options (-tls1_2, -cipher ...)
}

// ServeOpenSSL starts openssl s_server (-www: it answers HTTP GETs with
// 200) and returns host:port once it accepts connections.
func (f *Fixture) ServeOpenSSL(t testing.TB, s OpenSSLServer) string {
	t.Helper()
	Require(t, "openssl")
	dir := t.TempDir()
	args := []string{"s_server", "-quiet", "-www", "-cert", f.Cert(s.Cert), "-key", f.KeyFile(s.Key)}
	if len(s.Chain) > 0 {
		var chain []byte
		for _, c := range s.Chain {
			b, err := os.ReadFile(f.Cert(c))
			if err != nil {
				t.Fatal(err)
			}
			chain = append(chain, b...)
		}
		p := filepath.Join(dir, "chain.pem")
		if err := os.WriteFile(p, chain, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "-cert_chain", p)
	}
	args = append(args, s.Args...)
	for attempt := 0; attempt < 5; attempt++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		cmd := exec.Command("openssl", append(args, "-accept", addr)...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		stop := func() {
			_ = cmd.Process.Kill()
			<-exited
		}
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			select {
			case <-exited:
				deadline = time.Time{} // died (port taken?): try another port
				continue
			default:
			}
			c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
			if err == nil {
				c.Close()
				t.Cleanup(stop)
				return addr
			}
			time.Sleep(20 * time.Millisecond)
		}
		stop()
		if attempt == 4 {
			t.Fatalf("openssl s_server did not start: %s", out.String())
		}
	}
	return ""
}

// Serve starts a TLS server on 127.0.0.1 sending the scenario's chain and
// answering every request with 200; it returns host:port.
func (f *Fixture) Serve(t testing.TB, sc Scenario) string {
	t.Helper()
	var chainPEM []byte
	for _, c := range sc.Chain {
		b, err := os.ReadFile(f.Cert(c))
		if err != nil {
			t.Fatal(err)
		}
		chainPEM = append(chainPEM, b...)
	}
	keyPEM, err := os.ReadFile(f.KeyFile(sc.Key))
	if err != nil {
		t.Fatal(err)
	}
	cert, err := tls.X509KeyPair(chainPEM, keyPEM)
	if err != nil {
		t.Fatalf("%s: %v", sc.Name, err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(10 * time.Second))
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if line == "\r\n" || line == "\n" {
						break
					}
				}
				_, _ = c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"))
			}(c)
		}
	}()
	return ln.Addr().String()
}
