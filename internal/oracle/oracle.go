// Package oracle asks the real programs what a WHD config file does: the
// Java Service Wrapper (with a real JVM) for wrapper_template.conf and bash
// for whd.conf. Tests use it as ground truth.
//
// JSW builds the same probe configuration as the shared oracle script
// (the file under test first, the probe's settings after it), with two
// changes that make it about six times faster and change nothing about how
// the wrapper reads the file: the probe class is the JVM's main class (no
// WrapperManager handshake), and it halts the JVM as soon as it has printed.
package oracle

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// WrapperBinary is the Java Service Wrapper of Debian's service-wrapper package.
const WrapperBinary = "/usr/sbin/wrapper"

// Require fails the test (in CI) or skips it (elsewhere) when a program is missing.
func Require(t testing.TB, programs ...string) {
	t.Helper()
	for _, p := range programs {
		if _, err := exec.LookPath(p); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required for this test and is missing (CI=true): install it (see .ci/run)", p)
			}
			t.Skipf("skipping: %s is not installed (CI would fail here)", p)
		}
	}
}

// SharedDir is the folder of the shared oracle scripts: $WHDCTL_ORACLES, or
// ../shared/oracles beside the repository.
func SharedDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("WHDCTL_ORACLES"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	d := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "oracles")
	if _, err := os.Stat(d); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("oracle scripts not found at %s (set WHDCTL_ORACLES)", d)
		}
		t.Skipf("skipping: oracle scripts not found at %s", d)
	}
	return d
}

const probeJava = `public class Probe { public static void main(String[] a) throws Exception {
  java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(System.getenv("WHDCTL_PROBE_OUT")), false, "UTF-8");
  java.util.List<String> args = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
  java.util.TreeSet<String> names = new java.util.TreeSet<>();
  for (String s : args) {
    if (s.startsWith("-Dwrapper.") || s.startsWith("-Djava.library.path")) continue;
    out.println("ARG<" + s + ">");
    if (s.startsWith("-D")) { int e = s.indexOf('='); names.add(e < 0 ? s.substring(2) : s.substring(2, e)); }
  }
  for (String k : names) out.println("PROP<" + k + ">=<" + System.getProperty(k) + ">");
  out.println("END");
  out.close(); Runtime.getRuntime().halt(0); } }
`

var (
	probeOnce sync.Once
	probeDir  string
	probeErr  error
)

func probe(t testing.TB) string {
	t.Helper()
	Require(t, WrapperBinary, "javac", "java")
	probeOnce.Do(func() {
		d, err := os.MkdirTemp("", "whdctl-jsw-probe-")
		if err != nil {
			probeErr = err
			return
		}
		if err = os.WriteFile(filepath.Join(d, "Probe.java"), []byte(probeJava), 0o644); err != nil {
			probeErr = err
			return
		}
		out, err := exec.Command("javac", "-d", d, filepath.Join(d, "Probe.java")).CombinedOutput()
		if err != nil {
			probeErr = fmt.Errorf("javac: %v: %s", err, out)
			return
		}
		probeDir = d
	})
	if probeErr != nil {
		t.Fatalf("building the JVM probe: %v", probeErr)
	}
	return probeDir
}

// JVMView is what the JVM received from the wrapper.
type JVMView struct {
	Args  []string          // JVM arguments from wrapper.java.additional.<n>, in order
	Props map[string]string // every -D property as the JVM finally sees it
}

// JSW runs the real wrapper on the file at conf and returns what the JVM saw.
func JSW(t testing.TB, conf string) JVMView {
	t.Helper()
	dir := probe(t)
	src, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	var b bytes.Buffer
	b.Write(src)
	b.WriteString("\n")
	for _, l := range []string{
		"wrapper.java.command=java", "wrapper.java.mainclass=Probe",
		"wrapper.java.classpath.1=" + dir, "wrapper.java.library.path.1=/usr/lib/jni",
		"wrapper.console.format=M", "wrapper.logfile=", "wrapper.max_failed_invocations=1",
		"wrapper.disable_restarts=TRUE", "wrapper.startup.timeout=30",
		"wrapper.pidfile=" + work + "/w.pid", "wrapper.java.pidfile=" + work + "/j.pid",
		"wrapper.lockfile=" + work + "/w.lock", "wrapper.anchorfile=" + work + "/w.anchor",
		"wrapper.statusfile=" + work + "/w.status", "wrapper.java.statusfile=" + work + "/j.status",
		"wrapper.commandfile=" + work + "/w.command",
	} {
		b.WriteString(l + "\n")
	}
	pc := filepath.Join(work, "probe.conf")
	if err := os.WriteFile(pc, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	report := filepath.Join(work, "probe.out")
	// On a loaded machine the wrapper now and then fails to launch the JVM
	// ("Unable to set JVM's stdin"); that says nothing about the file, so a
	// launch that never reached the probe is tried again, twice at most.
	var console []byte
	for attempt := 0; attempt < 3; attempt++ {
		cmd := exec.CommandContext(ctx, WrapperBinary, "-c", pc)
		cmd.Dir = filepath.Dir(conf)
		cmd.Env = append(os.Environ(), "WHDCTL_PROBE_OUT="+report)
		cmd.Stdin = strings.NewReader("")
		console, _ = cmd.CombinedOutput()
		if out, err := os.ReadFile(report); err == nil && bytes.HasSuffix(out, []byte("END\n")) {
			return parseProbe(out)
		}
	}
	t.Fatalf("the wrapper did not run the JVM probe to the end for %s (3 attempts); wrapper output:\n%s", conf, console)
	return JVMView{}
}

// JSWShared runs the shared oracle script (slower; used to anchor JSW).
func JSWShared(t testing.TB, conf string) JVMView {
	t.Helper()
	Require(t, WrapperBinary, "javac", "java", "bash")
	out, err := RunShared(t, conf, false)
	if err != nil {
		t.Fatalf("jsw-effective-args %s: %v\n%s", conf, err, out)
	}
	return parseProbe(out)
}

// launchFailed: the wrapper could not start the JVM at all, before the
// configuration had any say (seen on a loaded machine).
func launchFailed(out []byte) bool {
	return bytes.Contains(out, []byte("Unable to set JVM's stdin")) || bytes.Contains(out, []byte("Failed to set JVM input handle"))
}

// RunShared runs the shared jsw-effective-args oracle on conf (with the
// wrapper's own output when debug is set). A run where the wrapper could
// not launch the JVM at all says nothing about the file: it is tried
// again, twice at most.
func RunShared(t testing.TB, conf string, debug bool) ([]byte, error) {
	t.Helper()
	script := filepath.Join(SharedDir(t), "jsw-effective-args")
	var out []byte
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		cmd := exec.Command("bash", script, conf)
		if debug {
			cmd.Env = append(os.Environ(), "JSW_ORACLE_DEBUG=1")
		}
		out, err = cmd.CombinedOutput()
		if !launchFailed(out) {
			break
		}
	}
	return out, err
}

func parseProbe(out []byte) JVMView {
	v := JVMView{Props: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "ARG<") && strings.HasSuffix(l, ">"):
			a := l[4 : len(l)-1]
			if strings.HasPrefix(a, "-Djava.library.path") || strings.HasPrefix(a, "-Dwrapper.") {
				continue
			}
			v.Args = append(v.Args, a)
		case strings.HasPrefix(l, "PROP<"):
			rest := l[5:]
			i := strings.Index(rest, ">=<")
			if i < 0 || !strings.HasSuffix(rest, ">") {
				continue
			}
			v.Props[rest[:i]] = rest[i+3 : len(rest)-1]
		}
	}
	return v
}

// BashJavaOpts runs the shared whd.conf oracle: the words of $JAVA_OPTS
// after bash sources the file.
func BashJavaOpts(t testing.TB, conf string) []string {
	t.Helper()
	Require(t, "bash")
	script := filepath.Join(SharedDir(t), "whdconf-java-opts")
	out, err := exec.Command("bash", script, conf).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", script, conf, err)
	}
	s := strings.TrimSuffix(string(out), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Unquote removes double quotes, for comparing wrapper values "quotes aside".
func Unquote(s string) string { return strings.ReplaceAll(s, `"`, "") }
