package truststore_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/diagnose/truststore/truststoretest"
)

// whdHome writes a WHD home whose whd.conf gives Java these -D options.
func whdHome(t *testing.T, props ...string) string {
	t.Helper()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "conf"), 0o755); err != nil {
		t.Fatal(err)
	}
	var opts []string
	for _, p := range props {
		if strings.ContainsAny(p, " \"$`\\") {
			t.Fatalf("%q cannot go into JAVA_OPTS as it is", p)
		}
		opts = append(opts, "-D"+p)
	}
	conf := "DEFAULT_PORT=8081\nHTTPS_PORT=8443\nJAVA_OPTS=\"" + strings.Join(opts, " ") + "\"\n"
	if err := os.WriteFile(filepath.Join(home, "conf", "whd.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return home
}

// keytoolStore makes a store holding the fixture's root with keytool.
func keytoolStore(t *testing.T, f *truststoretest.Fixture, path, storetype, password string) {
	t.Helper()
	cmd := exec.Command("keytool", "-importcert", "-noprompt", "-alias", "root", "-file", f.Cert("root"),
		"-keystore", path, "-storetype", storetype, "-storepass", password)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("keytool: %v\n%s", err, b)
	}
}

func scenario(name string) truststoretest.Scenario {
	for _, s := range truststoretest.Scenarios {
		if s.Name == name {
			return s
		}
	}
	panic(name)
}

// TestNoPasswordConfigured: with no store password anywhere (neither
// WHDCTL_STOREPASS nor -Djavax.net.ssl.trustStorePassword), Java reads a
// JKS without checking it, whatever its password, and reads no certificate
// from a password-protected PKCS12. whdctl must say the same.
func TestNoPasswordConfigured(t *testing.T) {
	f := truststoretest.Get(t)
	f.Java(t)
	addr := f.Serve(t, scenario("good"))
	url := "https://" + addr + "/"
	dir := t.TempDir()
	jks := filepath.Join(dir, "other.jks")
	keytoolStore(t, f, jks, "JKS", "N0t-changeit")
	p12 := filepath.Join(dir, "other.p12")
	keytoolStore(t, f, p12, "PKCS12", "N0t-changeit")
	t.Setenv("WHDCTL_STOREPASS", "")

	java, err := f.AskJava(truststoretest.Store{Path: jks, Type: "JKS"}, []string{url})
	if err != nil {
		t.Fatal(err)
	}
	if v := java[url]; v.Verdict != "OK" {
		t.Fatalf("the JVM without a password says %s: %s", v.Verdict, v.Message)
	}
	for name, args := range map[string][]string{
		"install":      {"--whd-home", whdHome(t, "javax.net.ssl.trustStore="+jks)},
		"--truststore": {"--truststore", jks},
	} {
		t.Run("JKS via "+name, func(t *testing.T) {
			code, out, errOut := whdctl(t, append([]string{"diagnose", "truststore", "--host", addr, "-o", "json"}, args...)...)
			var r report
			if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 || !r.Trusted {
				t.Fatalf("Java trusts the server; whdctl: exit %d\n%s%s", code, out, errOut)
			}
			if !strings.Contains(strings.Join(r.Warnings, "\n"), "without checking its integrity") {
				t.Errorf("warnings %q do not say the store was read unchecked", r.Warnings)
			}
		})
	}

	java, err = f.AskJava(truststoretest.Store{Path: p12, Type: "PKCS12"}, []string{url})
	if err != nil {
		t.Fatal(err)
	}
	if v := java[url]; v.Verdict != "NO_ANCHORS" {
		t.Fatalf("the JVM without a password says %s: %s", v.Verdict, v.Message)
	}
	// Named by the install's JVM options, the store fails every TLS
	// connection WHD makes: a failed check (exit 1). Named with
	// --truststore, whdctl only lacks the password: a local error (exit 3).
	for name, tc := range map[string]struct {
		args []string
		code int
		out  func(out, errOut string) string
	}{
		"install":      {[]string{"--whd-home", whdHome(t, "javax.net.ssl.trustStore="+p12)}, 1, func(out, _ string) string { return out }},
		"--truststore": {[]string{"--truststore", p12}, 3, func(_, errOut string) string { return errOut }},
	} {
		t.Run("password-protected PKCS12 via "+name, func(t *testing.T) {
			code, out, errOut := whdctl(t, append([]string{"diagnose", "truststore", "--host", addr}, tc.args...)...)
			if msg := tc.out(out, errOut); code != tc.code || !strings.Contains(msg, "the trustAnchors parameter must be non-empty") || strings.Contains(msg, "tampered") {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out, errOut)
			}
		})
	}
}

// TestKeytoolFixNeedsThePassword: when the store's password comes from the
// install's JVM options (or is unknown), the printed fix first reads it
// into WHDCTL_STOREPASS; running the setup and the command, as printed,
// with the password typed on stdin, fixes a copy of the store.
func TestKeytoolFixNeedsThePassword(t *testing.T) {
	f := truststoretest.Get(t)
	f.Java(t)
	addr := f.Serve(t, scenario("self-signed-renewed"))
	url := "https://" + addr + "/"
	tests := []struct {
		name, storetype, password string
		property                  bool // the install gives the password
	}{
		{"PKCS12, password in the JVM options", "PKCS12", truststoretest.StorePassword, true},
		{"JKS, password in the JVM options", "JKS", truststoretest.StorePassword, true},
		{"JKS, password nowhere", "JKS", "N0t-changeit", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("WHDCTL_STOREPASS", "")
			dir := t.TempDir()
			store := filepath.Join(dir, "cacerts-copy")
			keytoolStore(t, f, store, tt.storetype, tt.password)
			props := []string{"javax.net.ssl.trustStore=" + store}
			if tt.property {
				props = append(props, "javax.net.ssl.trustStorePassword="+tt.password)
			}
			home := whdHome(t, props...)
			certFile := filepath.Join(dir, "server.pem")
			code, out, errOut := whdctl(t, "diagnose", "truststore", "--host", addr, "--whd-home", home, "--export-cert", certFile, "-o", "json")
			var r struct {
				report
				Setup string `json:"keytool_setup"`
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil || code != 1 || r.Command == "" {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
			if !strings.Contains(r.Command, "-storepass:env WHDCTL_STOREPASS") || r.Setup == "" || !strings.Contains(r.Fix, r.Setup) {
				t.Fatalf("the fix does not say how to give keytool the password:\nfix: %s\nsetup: %s\ncommand: %s", r.Fix, r.Setup, r.Command)
			}
			if strings.Contains(out+errOut, tt.password) {
				t.Fatal("the store password appears in the output")
			}
			// As the text says: the setup, then the command, in one shell;
			// the password is typed (stdin), WHDCTL_STOREPASS not set before.
			cmd := exec.Command("sh", "-c", r.Setup+"\n"+r.Command)
			cmd.Stdin = strings.NewReader(tt.password + "\n")
			var env []string
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, "WHDCTL_STOREPASS=") {
					env = append(env, kv)
				}
			}
			cmd.Env = env
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s\n%s: %v\n%s", r.Setup, r.Command, err, b)
			}
			if code, out, errOut := whdctl(t, "diagnose", "truststore", "--host", addr, "--whd-home", home); code != 0 {
				t.Fatalf("after the fix: exit %d\n%s%s", code, out, errOut)
			}
			st := truststoretest.Store{Path: store, Type: tt.storetype}
			if tt.property {
				st.Password = tt.password
			}
			java, err := f.AskJava(st, []string{url})
			if err != nil {
				t.Fatal(err)
			}
			if v := java[url]; v.Verdict != "OK" {
				t.Fatalf("after the fix the JVM says %s: %s", v.Verdict, v.Message)
			}
		})
	}
}
