package install

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetectLayouts(t *testing.T) {
	win, err := Detect("../fixtures/windows")
	if err != nil || !win.Windows() || win.WhdConf == "" {
		t.Fatalf("windows: %+v %v", win, err)
	}
	if p, f := win.PatchTarget(); f != "wrapper" || filepath.Base(p) != "wrapper_template.conf" {
		t.Errorf("windows target %s %s", p, f)
	}
	lin, err := Detect("../fixtures/linux")
	if err != nil || lin.Windows() {
		t.Fatalf("linux: %+v %v", lin, err)
	}
	if p, f := lin.PatchTarget(); f != "whdconf" || filepath.Base(p) != "whd.conf" {
		t.Errorf("linux target %s %s", p, f)
	}
	if _, err := Detect(t.TempDir()); err == nil {
		t.Error("an empty folder was taken for a WHD home")
	}
	if _, err := Detect("install.go"); err == nil {
		t.Error("a file was taken for a WHD home")
	}
}

func TestWhdConfVar(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "conf"), 0o755)
	os.WriteFile(filepath.Join(dir, "conf", "whd.conf"), []byte("HTTPS_PORT=8443\nURL_HTTPS_PORT=\nA=$(hostname)\n"), 0o644)
	in, err := Detect(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, value string
		ok, err     bool
	}{
		{"HTTPS_PORT", "8443", true, false},
		{"URL_HTTPS_PORT", "", true, false},
		{"NEVER_SET", "", false, false},
		{"A", "", false, true},
	} {
		v, ok, err := in.WhdConfVar(tt.name)
		if v != tt.value || ok != tt.ok || (err != nil) != tt.err {
			t.Errorf("%s = %q %v %v", tt.name, v, ok, err)
		}
	}
}

func TestJVMProperties(t *testing.T) {
	for _, home := range []string{"../fixtures/windows", "../fixtures/linux"} {
		in, err := Detect(home)
		if err != nil {
			t.Fatal(err)
		}
		props, err := in.JVMProperties()
		if err != nil {
			t.Fatal(err)
		}
		if props["file.encoding"] != "UTF-8" {
			t.Errorf("%s: file.encoding = %q", home, props["file.encoding"])
		}
	}
}

// A variable written in whd.conf that bash still leaves unset is an error
// naming the line and why, not "unset" (which would read as "not in the
// file"). bash is asked too: the variable really is unset after sourcing.
func TestWhdConfVarNoEffect(t *testing.T) {
	for _, tt := range []struct{ conf, want string }{
		{"HTTPS_PORT= 8443\n", `whd.conf:1: HTTPS_PORT= is followed on the same line by "8443", so bash sets HTTPS_PORT only for the command "8443"`},
		{"# c\n(HTTPS_PORT=8443)\n", "whd.conf:2: HTTPS_PORT is set only inside a subshell"},
		{"return 0 2>/dev/null\nHTTPS_PORT=8443\n", "whd.conf:2: HTTPS_PORT is assigned after a return or exit"},
	} {
		dir := t.TempDir()
		conf := filepath.Join(dir, "conf", "whd.conf")
		os.MkdirAll(filepath.Dir(conf), 0o755)
		if err := os.WriteFile(conf, []byte(tt.conf), 0o644); err != nil {
			t.Fatal(err)
		}
		in, err := Detect(dir)
		if err != nil {
			t.Fatal(err)
		}
		v, ok, err := in.WhdConfVar("HTTPS_PORT")
		if err == nil || !strings.Contains(err.Error(), tt.want) || v != "" || ok {
			t.Errorf("%q: got %q %v %v, want error with %q", tt.conf, v, ok, err, tt.want)
		}
		out, berr := exec.Command("bash", "-c", `cd "$1" && . ./whd.conf >/dev/null 2>&1; echo "${HTTPS_PORT-unset}"`, "bash", filepath.Dir(conf)).Output()
		if berr != nil {
			t.Fatalf("bash: %v", berr)
		}
		if got := strings.TrimSpace(string(out)); got != "unset" {
			t.Errorf("%q: bash leaves HTTPS_PORT=%q, the test's premise is wrong", tt.conf, got)
		}
	}
}

// A folder inside an install given as its home gets the home named.
func TestDetectInsideHome(t *testing.T) {
	_, err := Detect("../fixtures/windows/bin/wrapper/conf")
	if err == nil || !strings.Contains(err.Error(), "it is inside the WHD home ../fixtures/windows: pass that folder") {
		t.Errorf("err = %v", err)
	}
	_, err = Detect(t.TempDir())
	if err == nil || strings.Contains(err.Error(), "inside the WHD home") {
		t.Errorf("err = %v", err)
	}
}

// On Windows the last NAME=value line of whd.conf gives the value, blanks,
// a CR and a pair of quotes around it removed; bash's rules do not apply.
func TestWhdConfVarWindows(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "conf"), 0o755)
	os.MkdirAll(filepath.Join(dir, "bin", "wrapper", "conf"), 0o755)
	os.WriteFile(filepath.Join(dir, "bin", "wrapper", "conf", "wrapper_template.conf"), []byte("#encoding=UTF-8\r\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "conf", "whd.conf"), []byte("HTTPS_PORT=1\r\nHTTPS_PORT= 8443\r\nURL_HTTPS_PORT=\"443\"\r\n# DEFAULT_PORT=1\r\n"), 0o644)
	in, err := Detect(dir)
	if err != nil || !in.Windows() {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"HTTPS_PORT": "8443", "URL_HTTPS_PORT": "443", "DEFAULT_PORT": ""} {
		v, ok, err := in.WhdConfVar(name)
		if err != nil || v != want || ok != (want != "") {
			t.Errorf("%s = %q %v %v, want %q", name, v, ok, err, want)
		}
	}
}

// A blank or CR around the home path (WHDCTL_WHD_HOME set with "set X=path "
// on Windows) is dropped when no folder has that name; the message quotes
// the path, so such a blank shows.
func TestDetectTrimsBlanks(t *testing.T) {
	in, err := Detect("../fixtures/linux \r")
	if err != nil || in.Home != "../fixtures/linux" {
		t.Errorf("%+v %v", in, err)
	}
	_, err = Detect("/nonexistent/whd ")
	if err == nil || !strings.Contains(err.Error(), `"/nonexistent/whd "`) {
		t.Errorf("err = %v", err)
	}
}
