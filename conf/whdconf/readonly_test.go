package whdconf

import "testing"

// TestReadonlyAt: an assignment bash refuses because the variable is
// read-only says where the file made it so; with set -e the file stops there.
func TestReadonlyAt(t *testing.T) {
	for _, tc := range []struct {
		src       string
		line, at  int
		exits     bool
		knownOpts bool
	}{
		{"JAVA_OPTS=-Da\nreadonly JAVA_OPTS\nJAVA_OPTS=-Db\n", 3, 2, false, true},
		{"declare -r JAVA_OPTS=-Da\nJAVA_OPTS=-Db\n", 2, 1, false, true},
		{"readonly JAVA_OPTS=-Da\nunset JAVA_OPTS\n", 2, 1, false, false},
		{"set -e\nreadonly JAVA_OPTS=-Da\nJAVA_OPTS=-Db\n", 3, 2, true, false},
		{"UID=0\n", 1, 0, false, false},
	} {
		f, err := Parse([]byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		var got *Assignment
		for _, a := range f.Assignments {
			if a.Failed == "readonly variable" {
				got = a
			}
		}
		if got == nil || got.Pos.Line != tc.line || got.ReadonlyAt.Line != tc.at {
			t.Errorf("%q: refused assignment %+v", tc.src, got)
			continue
		}
		if exits := f.Stop != nil && f.Stop.Exits; exits != tc.exits {
			t.Errorf("%q: stop %+v, want exits %v", tc.src, f.Stop, tc.exits)
		}
		if tc.knownOpts {
			if jo := f.JavaOpts(); !jo.Known || len(jo.Words) != 1 || jo.Words[0].Text != "-Da" {
				t.Errorf("%q: JAVA_OPTS %+v", tc.src, jo.Words)
			}
		}
	}
}
