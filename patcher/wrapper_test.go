package patcher

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var m365 = Clouds[0].Settings()

func patchW(t *testing.T, src string, req Request) (*Result, error) {
	t.Helper()
	return PatchWrapper(WrapperInput{Src: []byte(src)}, req)
}

func mustPatchW(t *testing.T, src string, req Request) *Result {
	t.Helper()
	r, err := patchW(t, src, req)
	if err != nil {
		t.Fatalf("patch: %v", err)
	}
	return r
}

const seedLines = "wrapper.java.additional.19=-DExchangeServiceURL=\"https://outlook.office365.com/\"\r\n" +
	"wrapper.java.additional.20=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\r\n" +
	"wrapper.java.additional.21=-DAzureAuthorizationURL=\"https://login.microsoftonline.com/\"\r\n" +
	"wrapper.java.additional.22=-DIsGcchAzureAccount=true\r\n" +
	"wrapper.java.additional.23=-DAzureAuthorizationScope=\"offline_access%20https://graph.microsoft.com/.default\"\r\n"

func TestPatchStockTemplateWritesTheSeedLines(t *testing.T) {
	src, err := os.ReadFile("../fixtures/windows/bin/wrapper/conf/wrapper_template.conf")
	if err != nil {
		t.Fatal(err)
	}
	r := mustPatchW(t, string(src), Request{Set: m365})
	if !strings.Contains(string(r.Output), "wrapper.java.additional.18=-Dlog4j2.formatMsgNoLookups=true\r\n"+seedLines+"\r\n# Initial Java Heap Size") {
		t.Errorf("the five seed lines are not right after entry 18:\n%s", r.Output)
	}
	if len(r.Output) != len(src)+len(seedLines) {
		t.Errorf("output grew by %d bytes, want exactly the seed lines (%d)", len(r.Output)-len(src), len(seedLines))
	}
	for i, a := range r.Actions {
		if a.Action != ActionAdded || a.Line != 75+i {
			t.Errorf("action %d = %+v", i, a)
		}
	}
	r2 := mustPatchW(t, string(r.Output), Request{Set: m365})
	if r2.Changed || string(r2.Output) != string(r.Output) {
		t.Error("second run changed the file")
	}
}

func TestPatchWrapperCases(t *testing.T) {
	one := func(name, value string) []Property { return []Property{{name, value}} }
	tests := []struct {
		name    string
		src     string
		req     Request
		want    string // expected output ("" = unchanged)
		action  string
		refused string // substring of a RefusalError
	}{
		{
			name:   "same value, other quoting: unchanged",
			src:    "wrapper.java.additional.1=-DAzureTokenURL=https://login.microsoftonline.com/\n",
			req:    Request{Set: one("AzureTokenURL", "https://login.microsoftonline.com/")},
			action: ActionUnchanged,
		},
		{
			name:   "different value: updated in place, comment kept",
			src:    "wrapper.java.additional.1=-DAzureTokenURL=https://login.microsoftonline.us/  # gov\nwrapper.java.additional.2=-Dx=1\n",
			req:    Request{Set: one("AzureTokenURL", "https://login.microsoftonline.com/")},
			want:   "wrapper.java.additional.1=-DAzureTokenURL=\"https://login.microsoftonline.com/\"  # gov\nwrapper.java.additional.2=-Dx=1\n",
			action: ActionUpdated,
		},
		{
			name:   "update goes to the last definition of a redefined key",
			src:    "wrapper.java.additional.1=-DIsGcchAzureAccount=false\nwrapper.java.additional.1=-DIsGcchAzureAccount=false\n",
			req:    Request{Set: one("IsGcchAzureAccount", "true")},
			want:   "wrapper.java.additional.1=-DIsGcchAzureAccount=false\nwrapper.java.additional.1=-DIsGcchAzureAccount=true\n",
			action: ActionUpdated,
		},
		{
			name:    "two live slots: refused",
			src:     "wrapper.java.additional.1=-DAzureTokenURL=a\nwrapper.java.additional.2=-DAzureTokenURL=b\n",
			req:     Request{Set: one("AzureTokenURL", "b")},
			refused: "several live entries",
		},
		{
			name:   "two live slots with --dedupe: keeps the JVM's and renumbers",
			src:    "wrapper.java.additional.1=-DAzureTokenURL=a\nwrapper.java.additional.2=-Dx=1\nwrapper.java.additional.3=-DAzureTokenURL=b\n",
			req:    Request{Set: one("AzureTokenURL", "b"), Dedupe: true},
			want:   "wrapper.java.additional.1=-Dx=1\nwrapper.java.additional.2=-DAzureTokenURL=b\n",
			action: ActionUnchanged,
		},
		{
			name:    "gap: refused",
			src:     "wrapper.java.additional.1=-Da=1\nwrapper.java.additional.3=-Dc=3\n",
			req:     Request{Set: one("AzureTokenURL", "x")},
			refused: "index 2 is missing",
		},
		{
			name:   "gap with --renumber: dead entries come alive, then patch",
			src:    "wrapper.java.additional.1=-Da=1\nwrapper.java.additional.3=-Dc=3\n",
			req:    Request{Set: one("AzureTokenURL", "x"), Renumber: true},
			want:   "wrapper.java.additional.1=-Da=1\nwrapper.java.additional.2=-Dc=3\nwrapper.java.additional.3=-DAzureTokenURL=x\n",
			action: ActionAdded,
		},
		{
			name:   "gaps allowed: after the highest index",
			src:    "wrapper.ignore_sequence_gaps=TRUE\nwrapper.java.additional.1=-Da=1\nwrapper.java.additional.30=-Dc=3\nwrapper.java.additional.7=-Db=2\n",
			req:    Request{Set: one("AzureTokenURL", "x")},
			want:   "wrapper.ignore_sequence_gaps=TRUE\nwrapper.java.additional.1=-Da=1\nwrapper.java.additional.30=-Dc=3\nwrapper.java.additional.7=-Db=2\nwrapper.java.additional.31=-DAzureTokenURL=x\n",
			action: ActionAdded,
		},
		{
			name:   "no trailing newline is kept",
			src:    "wrapper.java.additional.1=-Da=1",
			req:    Request{Set: one("AzureTokenURL", "x")},
			want:   "wrapper.java.additional.1=-Da=1\nwrapper.java.additional.2=-DAzureTokenURL=x",
			action: ActionAdded,
		},
		{
			name:   "empty file",
			src:    "",
			req:    Request{Set: one("AzureTokenURL", "x")},
			want:   "wrapper.java.additional.1=-DAzureTokenURL=x\n",
			action: ActionAdded,
		},
		{
			name:   "hash in a value is quoted and kept literal",
			src:    "wrapper.java.additional.1=-Da=1\n",
			req:    Request{Set: one("X", "a#b")},
			want:   "wrapper.java.additional.1=-Da=1\nwrapper.java.additional.2=-DX=\"a#b\"\n",
			action: ActionAdded,
		},
		{
			name:   "remove closes the gap",
			src:    "wrapper.java.additional.1=-Da=1\nwrapper.java.additional.2=-DAzureTokenURL=x\nwrapper.java.additional.3=-Dc=3\nwrapper.java.additional.3.stripquotes=TRUE\n",
			req:    Request{Remove: []string{"AzureTokenURL"}},
			want:   "wrapper.java.additional.1=-Da=1\nwrapper.java.additional.2=-Dc=3\nwrapper.java.additional.2.stripquotes=TRUE\n",
			action: ActionRemoved,
		},
		{
			name:    "CR-only file refused",
			src:     "wrapper.java.additional.1=-Da=1\rwrapper.java.additional.2=-Db=1\r",
			req:     Request{Set: one("AzureTokenURL", "x")},
			refused: "carriage returns",
		},
		{
			name:    "same index twice refused",
			src:     "wrapper.java.additional.1=-Da=1\nwrapper.java.additional.01=-Db=1\n",
			req:     Request{Set: one("AzureTokenURL", "x")},
			refused: "defined twice",
		},
		{
			name:   "key case kept when renumbering",
			src:    "WRAPPER.JAVA.ADDITIONAL.2=-Da=1\n",
			req:    Request{Set: one("AzureTokenURL", "x"), Renumber: true},
			want:   "WRAPPER.JAVA.ADDITIONAL.1=-Da=1\nwrapper.java.additional.2=-DAzureTokenURL=x\n",
			action: ActionAdded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := patchW(t, tt.src, tt.req)
			if tt.refused != "" {
				var ref *RefusalError
				if !errors.As(err, &ref) || !strings.Contains(err.Error(), tt.refused) {
					t.Fatalf("err = %v, want a refusal with %q", err, tt.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == "" {
				want = tt.src
			}
			if string(r.Output) != want {
				t.Errorf("output:\n%q\nwant:\n%q", r.Output, want)
			}
			if r.Changed != (want != tt.src) {
				t.Errorf("changed = %v", r.Changed)
			}
			if len(r.Actions) == 0 || r.Actions[0].Action != tt.action {
				t.Errorf("actions = %+v, want first %s", r.Actions, tt.action)
			}
			r2, err := PatchWrapper(WrapperInput{Src: r.Output}, Request{Set: tt.req.Set, Remove: tt.req.Remove})
			if err != nil || r2.Changed {
				t.Errorf("second run: changed=%v err=%v", r2 != nil && r2.Changed, err)
			}
		})
	}
}

func TestRenderArgRefusesUnwritableValues(t *testing.T) {
	for _, v := range []string{"a\"b", "a\nb", " lead", "tab\there", ""} {
		if _, err := renderArg(Property{"X", v}); err == nil {
			t.Errorf("value %q accepted", v)
		}
	}
	if _, err := renderArg(Property{"bad name", "x"}); err == nil {
		t.Error("bad name accepted")
	}
}

func TestIncludedFilesAreNeverEdited(t *testing.T) {
	read := func(p string) ([]byte, error) {
		if p == "/inc.conf" {
			return []byte("wrapper.java.additional.2=-DAzureTokenURL=old\n"), nil
		}
		return nil, os.ErrNotExist
	}
	src := "wrapper.java.additional.1=-Da=1\n#include /inc.conf\n"
	_, err := PatchWrapper(WrapperInput{Src: []byte(src), Read: read}, Request{Set: []Property{{"AzureTokenURL", "new"}}})
	var ref *RefusalError
	if !errors.As(err, &ref) || !strings.Contains(err.Error(), "included file") {
		t.Fatalf("err = %v", err)
	}
	// A new entry goes after the slots of the included file.
	r, err := PatchWrapper(WrapperInput{Src: []byte(src), Read: read}, Request{Set: []Property{{"X", "1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(r.Output), "wrapper.java.additional.3=-DX=1") {
		t.Errorf("output %q", r.Output)
	}
}

func FuzzPatchWrapper(f *testing.F) {
	for _, s := range []string{
		"#encoding=UTF-8\r\nwrapper.java.additional.1=-Dp.a=\"x#y\"\r\n",
		"wrapper.java.additional.1=-DAzureTokenURL=x\nwrapper.java.additional.3=-Db=1\n",
		"\ufeffwrapper.java.additional.1=-Da=1",
		"wrapper.ignore_sequence_gaps=TRUE\nwrapper.java.additional.07=-DIsGcchAzureAccount=false\n",
	} {
		f.Add([]byte(s), false, false)
	}
	f.Fuzz(func(t *testing.T, b []byte, renumber, dedupe bool) {
		req := Request{Set: m365, Renumber: renumber, Dedupe: dedupe}
		r1, err := PatchWrapper(WrapperInput{Src: b}, req)
		if err != nil {
			return
		}
		r2, err := PatchWrapper(WrapperInput{Src: r1.Output}, Request{Set: m365})
		if err != nil {
			t.Fatalf("second run failed: %v\ninput %q\nfirst output %q", err, b, r1.Output)
		}
		if r2.Changed {
			t.Fatalf("patch twice != patch once\ninput %q\nonce %q\ntwice %q", b, r1.Output, r2.Output)
		}
	})
}

func TestCloudsOfValues(t *testing.T) {
	names := func(cs []Cloud) string {
		var n []string
		for _, c := range cs {
			n = append(n, c.Name)
		}
		return strings.Join(n, ",")
	}
	for _, tt := range []struct {
		values []string
		want   string
		hosts  int
	}{
		{nil, "", 0},
		{[]string{"not a url", "https://example.com/"}, "", 0},
		{Clouds[0].values(), "global", 4},
		{Clouds[1].values(), "gcch", 4},
		{Clouds[2].values(), "dod", 4}, // its login host is GCC High's too
		{Clouds[3].values(), "china", 4},
		{[]string{"https://login.microsoftonline.us/"}, "gcch,dod", 1},
		{[]string{"https://outlook.office365.com/", "https://login.microsoftonline.us/"}, "", 2},
		{[]string{"offline_access%20https://dod-graph.microsoft.us/.default", "https://outlook.office365.us/"}, "", 2},
		{[]string{"HTTPS://Outlook.Office365.US./"}, "gcch", 1},
		{[]string{"offline_access%20https%3A%2F%2Fgraph.microsoft.us%2F.default", "https://outlook.office365.com/"}, "", 2},
		{[]string{"offline_access%20https%3a%2f%2fgraph.microsoft.com%2f.default"}, "global", 1},
		{[]string{"offline_access%2https://graph.microsoft.com/.default"}, "", 0}, // not percent-encoding: no word is a URL
	} {
		cs, hosts := CloudsOfValues(tt.values)
		if names(cs) != tt.want || len(hosts) != tt.hosts {
			t.Errorf("CloudsOfValues(%q) = %q, %q; want %q and %d hosts", tt.values, names(cs), hosts, tt.want, tt.hosts)
		}
	}
}

// values are a cloud's five settings' values.
func (c Cloud) values() []string {
	var out []string
	for _, p := range c.Settings() {
		out = append(out, p.Value)
	}
	return out
}

// TestWrapperWorkDirIgnoresWorkingDir: relative #include paths start from
// the wrapper binary's folder, whatever wrapper.working.dir says (the
// wrapper changes to it only after reading its configuration).
func TestWrapperWorkDirIgnoresWorkingDir(t *testing.T) {
	conf := filepath.Join("whd", "bin", "wrapper", "conf", "wrapper_template.conf")
	got := WrapperWorkDir(conf)
	if want := filepath.Join("whd", "bin", "wrapper", "bin"); got != want {
		t.Errorf("WrapperWorkDir = %q, want %q", got, want)
	}
}

// TestIncludeWithVariable: an #include path with a variable the file does
// not define is refused when files match it (the wrapper may read one);
// with no match, or with a set. variable, the patch goes on.
func TestIncludeWithVariable(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(conf, "extra-host1.conf"), []byte("wrapper.java.additional.3=-Dx=1\n"), 0o644)
	os.WriteFile(filepath.Join(conf, "m365.conf"), []byte("wrapper.java.additional.3=-Dy=1\n"), 0o644)
	read := func(p string) ([]byte, error) { return os.ReadFile(p) }
	base := "wrapper.java.additional.1=-Xmx1g\nwrapper.java.additional.2=-Da=1\n"
	_, err := PatchWrapper(WrapperInput{Src: []byte(base + "#include " + conf + "/extra-%WRAPPER_HOST_NAME%.conf\n"), Read: read}, Request{Set: m365})
	var re *RefusalError
	if !errors.As(err, &re) || len(re.Details) != 1 || !strings.Contains(re.Reason, "cannot resolve") {
		t.Fatalf("matching files: err = %v", err)
	}
	res, err := PatchWrapper(WrapperInput{Src: []byte(base + "#include " + conf + "/nothing-%SITE%.conf\n"), Read: read}, Request{Set: m365})
	if err != nil || !strings.Contains(string(res.Output), "wrapper.java.additional.3=-DExchangeServiceURL") {
		t.Fatalf("no matching file: %v", err)
	}
	// set.EXTRA names m365.conf, which takes slot 3: new entries start at 4.
	res, err = PatchWrapper(WrapperInput{Src: []byte("set.EXTRA=m365\n" + base + "#include " + conf + "/%EXTRA%.conf\n"), Read: read}, Request{Set: m365})
	if err != nil || !strings.Contains(string(res.Output), "wrapper.java.additional.4=-DExchangeServiceURL") {
		t.Fatalf("set. variable: %v\n%s", err, res.Output)
	}
}

// TestSharedEntryRefused: an entry holding a managed property and more
// options is not rewritten or removed (the other options would be lost).
func TestSharedEntryRefused(t *testing.T) {
	src := "wrapper.java.additional.1=-Xmx1g\nwrapper.java.additional.2=-DExchangeServiceURL=\"https://old.example/\" -Dfoo=1\n"
	for _, req := range []Request{{Set: m365}, {Remove: []string{"ExchangeServiceURL"}}} {
		_, err := PatchWrapper(WrapperInput{Src: []byte(src)}, req)
		var re *RefusalError
		if !errors.As(err, &re) || !strings.Contains(re.Reason, `"-Dfoo=1"`) {
			t.Errorf("%+v: err = %v", req, err)
		}
	}
	// A space inside a value that is not followed by an option is left to
	// the other checks.
	if _, err := PatchWrapper(WrapperInput{Src: []byte("wrapper.java.additional.1=-DAzureAuthorizationScope=\"offline_access https://graph.microsoft.com/.default\"\n")}, Request{Set: m365}); err != nil && strings.Contains(err.Error(), "more options") {
		t.Errorf("space in a value taken for options: %v", err)
	}
}

// TestLaterArguments: a managed property in set._JAVA_OPTIONS or in the
// arguments file of wrapper.java.additional_file would win over the
// entries (both observed with the real wrapper and Java 17): refused.
// A file that sets none of them is read and the patch goes on.
func TestLaterArguments(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.args")
	good := filepath.Join(dir, "good.args")
	os.WriteFile(bad, []byte("-Xms512m\n-DExchangeServiceURL=https://wrong.example/\n"), 0o644)
	os.WriteFile(good, []byte("-Xms512m\n-DExchangeServiceURLs=other\n"), 0o644)
	read := func(p string) ([]byte, error) { return os.ReadFile(p) }
	base := "wrapper.java.additional.1=-Xmx1g\n"
	for name, src := range map[string]string{
		"_JAVA_OPTIONS":  "set._JAVA_OPTIONS=-DAzureTokenURL=https://wrong.example/\n" + base,
		"arguments file": base + "wrapper.java.additional_file=" + bad + "\n",
		"missing file":   base + "wrapper.java.additional_file=" + filepath.Join(dir, "none.args") + "\n",
	} {
		_, err := PatchWrapper(WrapperInput{Src: []byte(src), Read: read}, Request{Set: m365})
		var re *RefusalError
		if !errors.As(err, &re) {
			t.Errorf("%s: err = %v, want a refusal", name, err)
		}
	}
	res, err := PatchWrapper(WrapperInput{Src: []byte(base + "wrapper.java.additional_file=" + good + "\n"), Read: read}, Request{Set: m365})
	if err != nil || !strings.Contains(strings.Join(res.Warnings, "\n"), "read the arguments file") {
		t.Errorf("file without managed properties: %v %v", err, res)
	}
}

// A file the wrapper will not load because of its encoding is refused:
// WHD does not start with it, so patching it would report entries that
// never reach Java (validate says WHD112 / WHD113; TestOracleInvalidUTF8
// and TestOracleEncoding check those against the real wrapper).
func TestEncodingTheWrapperRefuses(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"#encoding=UTF-8\r\n# Caf\xe9 server\r\nwrapper.java.additional.1=-Xms1m\r\n", "line 2: byte 0xE9 is not UTF-8"},
		{"#encoding=utf-8\nwrapper.java.additional.1=-Dname=\xc3\n", "line 2: byte 0xC3 is not UTF-8"},
		{"#encoding=UTF8\nwrapper.java.additional.1=-Xms1m\n", "#encoding=UTF8 names an encoding the wrapper does not know"},
	} {
		_, err := PatchWrapper(WrapperInput{Src: []byte(tt.src)}, Request{Set: Clouds[0].Settings()})
		var ref *RefusalError
		if !errors.As(err, &ref) || !strings.Contains(ref.Error(), tt.want) {
			t.Errorf("%q: err = %v, want a refusal with %q", tt.src, err, tt.want)
		}
	}
	// Not refused: valid UTF-8, another declared encoding, no #encoding.
	for _, src := range []string{
		"#encoding=UTF-8\n# Caf\xc3\xa9\nwrapper.java.additional.1=-Xms1m\n",
		"#encoding=ISO-8859-1\n# Caf\xe9\nwrapper.java.additional.1=-Xms1m\n",
		"# Caf\xe9\nwrapper.java.additional.1=-Xms1m\n",
	} {
		if _, err := PatchWrapper(WrapperInput{Src: []byte(src)}, Request{Set: Clouds[0].Settings()}); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// A --set value that would not reach Java as typed is refused with the
// reason: bytes that are not UTF-8 (the wrapper would refuse the whole
// file), a non-ASCII character in a file the wrapper does not read as
// UTF-8, an invisible or non-breaking space, a trailing backslash.
func TestWrapperValueRefusals(t *testing.T) {
	utf8File := "#encoding=UTF-8\nwrapper.java.additional.1=-Xms1m\n"
	for _, tt := range []struct{ src, value, want string }{
		{utf8File, "\xff", "is not valid UTF-8"},
		{"#encoding=ISO-8859-1\nwrapper.java.additional.1=-Xms1m\n", "caf\u00e9", "reads this file in ISO-8859-1, not UTF-8"},
		{"wrapper.java.additional.1=-Xms1m\n", "caf\u00e9", "in the system's default encoding"},
		{utf8File, "a\u00a0b", "non-breaking or other Unicode space (U+00A0)"},
		{utf8File, "a\u200bb", "an invisible character (U+200B)"},
		{utf8File, `C:\dir\`, "ends with a backslash"},
	} {
		_, err := PatchWrapper(WrapperInput{Src: []byte(tt.src)}, Request{Set: []Property{{"Foo", tt.value}}})
		var in *InputError
		if !errors.As(err, &in) || !strings.Contains(in.Error(), tt.want) {
			t.Errorf("%q in %q: err = %v, want an input error with %q", tt.value, tt.src, err, tt.want)
		}
	}
	r, err := PatchWrapper(WrapperInput{Src: []byte(utf8File)}, Request{Set: []Property{{"Foo", "caf\u00e9"}, {"Dir", `C:\dir\sub`}}})
	if err != nil || !strings.Contains(string(r.Output), "-DFoo=\"caf\u00e9\"") {
		t.Errorf("UTF-8 value in a UTF-8 file: %v\n%s", err, r.Output)
	}
}

// --remove of a property the file does not set is "absent", not
// "unchanged" (which says the property is there with the wanted value).
func TestRemoveAbsent(t *testing.T) {
	src := []byte("#encoding=UTF-8\nwrapper.java.additional.1=-DAzureTokenURL=https://login.microsoftonline.com/\n")
	r, err := PatchWrapper(WrapperInput{Src: src}, Request{Remove: []string{"Nope"}})
	if err != nil || r.Changed || len(r.Actions) != 1 || r.Actions[0].Action != ActionAbsent || r.Actions[0].Property != "Nope" {
		t.Errorf("wrapper: %+v %v", r, err)
	}
	w, err := PatchWhdConf([]byte("JAVA_OPTS=\"-Xmx1g\"\n"), Request{Remove: []string{"Nope"}})
	if err != nil || w.Changed || len(w.Actions) != 1 || w.Actions[0].Action != ActionAbsent {
		t.Errorf("whd.conf: %+v %v", w, err)
	}
}

// A file that an #include with a variable from the service's environment
// may read, and that sets nothing the JVM gets (the license file of the
// stock template's #include ../conf/wrapper-license-%WRAPPER_HOST_NAME%.conf),
// does not stop the patch; one that sets wrapper.java.* or set. entries does.
func TestIncludeWithVariableLicenseFile(t *testing.T) {
	conf := t.TempDir()
	os.WriteFile(filepath.Join(conf, "wrapper-license-host1.conf"), []byte("wrapper.license.type=DEV\r\nwrapper.license.key.1=abcd\r\n"), 0o644)
	read := func(p string) ([]byte, error) { return os.ReadFile(p) }
	src := "wrapper.java.additional.1=-Xmx1g\n#include " + conf + "/wrapper-license-%WRAPPER_HOST_NAME%.conf\n"
	res, err := PatchWrapper(WrapperInput{Src: []byte(src), Read: read}, Request{Set: m365})
	if err != nil || !strings.Contains(string(res.Output), "wrapper.java.additional.2=-DExchangeServiceURL") ||
		!strings.Contains(strings.Join(res.Warnings, "\n"), "set nothing that reaches the JVM's options") {
		t.Fatalf("license file: %v", err)
	}
	for _, extra := range []string{"set.X=1\n", "wrapper.java.additional.5=-Dy=1\n", "#include other.conf\n"} {
		os.WriteFile(filepath.Join(conf, "wrapper-license-host2.conf"), []byte(extra), 0o644)
		_, err := PatchWrapper(WrapperInput{Src: []byte(src), Read: read}, Request{Set: m365})
		var re *RefusalError
		if !errors.As(err, &re) || !strings.Contains(strings.Join(re.Details, "\n"), "wrapper-license-host2.conf line 1") {
			t.Errorf("%q: err = %v", extra, err)
		}
	}
}

// An entry of an #include'd file is reported with that file and its line
// there, not with a line number of the patched file.
func TestActionInIncludedFile(t *testing.T) {
	read := func(p string) ([]byte, error) {
		if p == "/inc.conf" {
			return []byte("# site\nwrapper.java.additional.2=-DAzureTokenURL=https://login.microsoftonline.com/\n"), nil
		}
		return nil, fs.ErrNotExist
	}
	src := "#encoding=UTF-8\nwrapper.java.additional.1=-Xmx1g\n#include /inc.conf\n"
	res, err := PatchWrapper(WrapperInput{Src: []byte(src), Read: read}, Request{Set: m365})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.Actions {
		switch {
		case a.Property == "AzureTokenURL" && (a.Action != ActionUnchanged || a.File != "/inc.conf" || a.Line != 2):
			t.Errorf("included entry: %+v", a)
		case a.Property != "AzureTokenURL" && (a.File != "" || a.Line < 3):
			t.Errorf("added entry: %+v", a)
		}
	}
}

// A missing #include.required stops the wrapper: the patch is refused
// when the file was really looked for (an install's bin/wrapper/bin
// exists), and goes on for a template outside an install.
func TestRequiredIncludeMissing(t *testing.T) {
	home := t.TempDir()
	conf := filepath.Join(home, "bin", "wrapper", "conf", "wrapper_template.conf")
	os.MkdirAll(filepath.Join(home, "bin", "wrapper", "bin"), 0o755)
	os.MkdirAll(filepath.Dir(conf), 0o755)
	src := []byte("#encoding=UTF-8\n#include.required ../conf/missing.conf\nwrapper.java.additional.1=-Xmx1g\n")
	read := func(p string) ([]byte, error) { return os.ReadFile(p) }
	_, err := PatchWrapper(WrapperInput{Src: src, ConfPath: conf, Read: read}, Request{Set: m365})
	var re *RefusalError
	if !errors.As(err, &re) || !strings.Contains(re.Reason, "#include.required ../conf/missing.conf: the file does not exist") {
		t.Errorf("install: err = %v", err)
	}
	loose := filepath.Join(t.TempDir(), "wrapper_template.conf")
	if _, err := PatchWrapper(WrapperInput{Src: src, ConfPath: loose, Read: read}, Request{Set: m365}); err != nil {
		t.Errorf("outside an install: %v", err)
	}
	os.WriteFile(filepath.Join(filepath.Dir(conf), "missing.conf"), []byte("wrapper.java.additional.2=-Da=1\n"), 0o644)
	if _, err := PatchWrapper(WrapperInput{Src: src, ConfPath: conf, Read: read}, Request{Set: m365}); err != nil {
		t.Errorf("present: %v", err)
	}
}

// An #include'd file (or the host's license file an #include with a
// variable may read) that declares #encoding=UTF-8 and holds a byte that
// is not UTF-8 stops the wrapper: the patch is refused, naming the file.
func TestIncludedFileEncodingRefused(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrapper-license-host1.conf"), []byte("#encoding=UTF-8\nwrapper.license.licensee=Soci\xe9t\xe9\n"), 0o644)
	read := func(p string) ([]byte, error) { return os.ReadFile(p) }
	for _, inc := range []string{"wrapper-license-host1.conf", "wrapper-license-%WRAPPER_HOST_NAME%.conf"} {
		src := "#encoding=UTF-8\n#include " + dir + "/" + inc + "\nwrapper.java.additional.1=-Xmx1g\n"
		_, err := PatchWrapper(WrapperInput{Src: []byte(src), Read: read}, Request{Set: m365})
		var re *RefusalError
		if !errors.As(err, &re) || !strings.Contains(re.Reason, "line 2: #include") || !strings.Contains(re.Reason, "wrapper-license-host1.conf, whose line 1 says #encoding=UTF-8 and whose line 2 has byte 0xE9") {
			t.Errorf("%s: err = %v", inc, err)
		}
	}
}
