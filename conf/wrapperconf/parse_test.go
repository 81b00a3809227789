package wrapperconf

import (
	"bytes"
	"testing"
)

func TestParseEntries(t *testing.T) {
	tests := []struct {
		name, src  string
		key, value string // of the only entry; key "" = no entry
		ignored    int
		directives int
	}{
		{"plain", "wrapper.java.additional.1=-Dp.a=1\n", "wrapper.java.additional.1", "-Dp.a=1", 0, 0},
		{"trim", "  wrapper.java.additional.1 \t=  -Dp.t=v \t\n", "wrapper.java.additional.1", "-Dp.t=v", 0, 0},
		{"case", "WRAPPER.JAVA.ADDITIONAL.1=x\n", "wrapper.java.additional.1", "x", 0, 0},
		{"comment cuts", "k=https://h/x#f\n", "k", "https://h/x", 0, 0},
		{"double hash", "k=a##b#c\n", "k", "a#b", 0, 0},
		{"hash in quotes", `k="a#b"` + "\n", "k", `"a#b"`, 0, 0},
		{"double hash in quotes stays", `k="x##y"` + "\n", "k", `"x##y"`, 0, 0},
		{"unbalanced quote protects", `k="abc#def` + "\n", "k", `"abc#def`, 0, 0},
		{"first equals", "k==v=w\n", "k", "=v=w", 0, 0},
		{"backslash literal", `k=C:\Prog Files\x\` + "\n", "k", `C:\Prog Files\x\`, 0, 0},
		{"colon ignored", "k:v\n", "", "", 1, 0},
		{"no equals", "just text\n", "", "", 1, 0},
		{"key comment", "k#c=v\n", "", "", 1, 0},
		{"comment line", "# k=v\n", "", "", 0, 0},
		{"include", "#include /x.conf\n", "", "", 0, 1},
		{"include leading spaces", "   #include /x.conf\n", "", "", 0, 1},
		{"include tab is a comment", "#include\t/x.conf\n", "", "", 0, 0},
		{"encoding", "#encoding=UTF-8\n", "", "", 0, 1},
		{"crlf", "k=v\r\n", "k", "v", 0, 0},
		{"lone CR cuts the line", "k=v\rjunk\n", "k", "v", 0, 0},
		{"empty value", "k=\n", "k", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse([]byte(tt.src))
			if tt.key == "" {
				if len(f.Entries) != 0 {
					t.Fatalf("entries = %+v, want none", f.Entries)
				}
			} else {
				if len(f.Entries) != 1 {
					t.Fatalf("entries = %+v, want one", f.Entries)
				}
				if e := f.Entries[0]; e.Key != tt.key || e.Value != tt.value {
					t.Errorf("got %q=%q, want %q=%q", e.Key, e.Value, tt.key, tt.value)
				}
			}
			if len(f.Ignored) != tt.ignored {
				t.Errorf("ignored = %+v, want %d", f.Ignored, tt.ignored)
			}
			if len(f.Directives) != tt.directives {
				t.Errorf("directives = %+v, want %d", f.Directives, tt.directives)
			}
		})
	}
}

func TestBOM(t *testing.T) {
	f := Parse([]byte("\ufeffwrapper.java.additional.1=-Dp.b=1\n"))
	if !f.BOM || len(f.Entries) != 1 || !f.Entries[0].LostToBOM {
		t.Fatalf("BOM before a key: %+v", f.Entries)
	}
	if _, ok := Load(f, "", nil).Get("wrapper.java.additional.1"); ok {
		t.Error("a key after a BOM on line 1 must not be found")
	}
	f = Parse([]byte("\ufeff#encoding=UTF-8\nk=v\n"))
	if len(f.Directives) != 1 || f.Directives[0].Name != "encoding" {
		t.Errorf("BOM before #encoding: %+v", f.Directives)
	}
}

func TestSpans(t *testing.T) {
	src := "a = \"v#x\"  # note\r\n"
	f := Parse([]byte(src))
	e := f.Entries[0]
	if got := src[e.KeyStart:e.KeyEnd]; got != "a" {
		t.Errorf("key span %q", got)
	}
	if got := src[e.ValueStart:e.ValueEnd]; got != `"v#x"` || !e.HasComment {
		t.Errorf("value span %q comment %v", got, e.HasComment)
	}
}

func add(src string) *Additional { return Load(Parse([]byte(src)), "", nil).Additional() }

func args(a *Additional) []string {
	var out []string
	for _, s := range a.Slots {
		if s.Passed() {
			out = append(out, s.Arg)
		}
	}
	return out
}

func TestAdditional(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		brk       bool
	}{
		{"contiguous", "wrapper.java.additional.1=a\nwrapper.java.additional.2=b\n", []string{"a", "b"}, false},
		{"gap stops", "wrapper.java.additional.1=a\nwrapper.java.additional.2=b\nwrapper.java.additional.4=d\n", []string{"a", "b"}, true},
		{"gaps allowed", "wrapper.ignore_sequence_gaps=true\nwrapper.java.additional.1=a\nwrapper.java.additional.4=d\n", []string{"a", "d"}, false},
		{"numeric order", "wrapper.ignore_sequence_gaps=TRUE\nwrapper.java.additional.25=b\nwrapper.java.additional.19=a\n", []string{"a", "b"}, false},
		{"not from 1", "wrapper.java.additional.2=b\n", nil, true},
		{"zero breaks", "wrapper.java.additional.0=z\nwrapper.java.additional.1=a\n", nil, true},
		{"last wins", "wrapper.java.additional.1=first\nWRAPPER.JAVA.ADDITIONAL.1=second\n", []string{"second"}, false},
		{"leading zero", "wrapper.ignore_sequence_gaps=TRUE\nwrapper.java.additional.07=z\nwrapper.java.additional.abc=x\n", []string{"z"}, false},
		{"empty fills the slot", "wrapper.java.additional.1=a\nwrapper.java.additional.2=\nwrapper.java.additional.3=c\n", []string{"a", "c"}, false},
		{"16 digits ignored", "wrapper.ignore_sequence_gaps=TRUE\nwrapper.java.additional.1234567890123456=x\nwrapper.java.additional.123456789012345=y\n", []string{"y"}, false},
		{"stripquotes", "wrapper.java.additional.1=-Dp=\"x y\"\nwrapper.java.additional.1.stripquotes=TRUE\n", []string{"-Dp=x y"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := add(tt.src)
			if got := args(a); !equal(got, tt.want) {
				t.Errorf("args = %q, want %q", got, tt.want)
			}
			if (a.Break != nil) != tt.brk {
				t.Errorf("break = %v, want %v", a.Break, tt.brk)
			}
		})
	}
}

func TestJVMKeepsHighestIndex(t *testing.T) {
	a := add("wrapper.java.additional.1=-Dx=a\nwrapper.java.additional.2=\"-Dx=b\"\n")
	if got := a.Effective()["x"]; got != "b" {
		t.Errorf("effective x = %q, want b", got)
	}
	if n := len(a.Props()["x"]); n != 2 {
		t.Errorf("x set in %d slots, want 2", n)
	}
}

func TestIncludes(t *testing.T) {
	files := map[string]string{"/w/inc.conf": "wrapper.java.additional.3=-Dp.i=inc\n"}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, errNotExist
	}
	src := "wrapper.java.additional.1=a\nwrapper.java.additional.2=b\n#include inc.conf\n#include /missing.conf\n"
	cfg := Load(Parse([]byte(src)), "/w", read)
	if got := args(cfg.Additional()); !equal(got, []string{"a", "b", "-Dp.i=inc"}) {
		t.Errorf("args = %q", got)
	}
	if len(cfg.Includes) != 2 || !cfg.Includes[0].Found || cfg.Includes[1].Found {
		t.Errorf("includes = %+v", cfg.Includes)
	}
}

func TestRenderIsLossless(t *testing.T) {
	for _, s := range []string{"", "a", "a\n", "a\r\n\r\nb", "\ufeffx=1\r\ny", "a\rb\rc", "\n\n\n"} {
		if got := Parse([]byte(s)).Render(); !bytes.Equal(got, []byte(s)) {
			t.Errorf("Render(%q) = %q", s, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"#encoding=UTF-8\r\nwrapper.java.additional.1=-Dp.a=\"x#y\"\r\n", "\ufeffk=v", "a\rb", "k=a##b#c\n#include x\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p := Parse(b)
		if got := p.Render(); !bytes.Equal(got, b) {
			t.Fatalf("Render(Parse(x)) != x")
		}
		for _, e := range p.Entries {
			if e.KeyStart > e.KeyEnd || e.ValueStart > e.ValueEnd || e.ValueEnd > len(b) {
				t.Fatalf("bad span %+v", e)
			}
			if string(b[e.ValueStart:e.ValueEnd]) != e.RawValue {
				t.Fatalf("value span does not match")
			}
		}
		_ = Load(p, "", nil).Additional()
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSetVars: only set.NAME and set.default.NAME, in lower case, define
// %NAME%, and the name is case-sensitive (the real wrapper 3.5.51, checked
// by the patcher's generated oracle cases); ignore_sequence_gaps is read
// after expansion.
func TestSetVars(t *testing.T) {
	src := "SET.A=upper\nSet.B=mixed\nset.DEFAULT.C=upper-default\nset.default.D=d\nset.E=e1\nset.default.E=e0\nset.G=TRUE\nwrapper.ignore_sequence_gaps=%G%\n"
	c := Load(Parse([]byte(src)), "", nil)
	for name, want := range map[string]string{"A": "", "B": "", "C": "", "D": "d", "E": "e1", "G": "TRUE", "g": ""} {
		got, ok := c.SetVar(name)
		if got != want || ok != (want != "") {
			t.Errorf("SetVar(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	if got := c.ExpandSetVars("%D%-%A%-%E%"); got != "d-%A%-e1" {
		t.Errorf("ExpandSetVars = %q", got)
	}
	if !c.IgnoreSequenceGaps() {
		t.Errorf("ignore_sequence_gaps=%%G%% with set.G=TRUE is not read as TRUE")
	}
}
