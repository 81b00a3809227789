package patcher

import (
	"errors"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/conf/whdconf"
)

var seedWhd = Clouds[0].Settings()

// seedFlags is the five properties as whdctl writes them, space-separated.
var seedFlags = "-DExchangeServiceURL=https://outlook.office365.com/ -DAzureTokenURL=https://login.microsoftonline.com/ -DAzureAuthorizationURL=https://login.microsoftonline.com/ -DIsGcchAzureAccount=true -DAzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default"

func TestPatchWhdConfCases(t *testing.T) {
	type act struct {
		prop, action string
		line         int
	}
	cases := []struct {
		name    string
		in      string
		req     Request
		out     string // "" with err: no output expected
		acts    []act  // checked when not nil
		warn    string // a substring of one warning
		changed bool
	}{
		{
			name:    "stock JAVA_OPTS: flags go inside its quotes",
			in:      "# c\nJAVA_OPTS=\"-Dfile.encoding=UTF-8\" # keep\nX=1\n",
			req:     Request{Set: seedWhd},
			out:     "# c\nJAVA_OPTS=\"-Dfile.encoding=UTF-8 " + seedFlags + "\" # keep\nX=1\n",
			acts:    []act{{"ExchangeServiceURL", "added", 2}, {"AzureTokenURL", "added", 2}, {"AzureAuthorizationURL", "added", 2}, {"IsGcchAzureAccount", "added", 2}, {"AzureAuthorizationScope", "added", 2}},
			changed: true,
		},
		{
			name: "seed recipe: overwritten lines commented out, the last one holds everything",
			in: "JAVA_OPTS=\"-Xmx2g\"\n" +
				"JAVA_OPTS=\"-DExchangeServiceURL=https://outlook.office365.com/\"\n" +
				"JAVA_OPTS=\"-DAzureTokenURL=https://login.microsoftonline.com/\"\n" +
				"JAVA_OPTS=\"-DAzureAuthorizationURL=https://login.microsoftonline.com/\"\n" +
				"JAVA_OPTS=\"-DIsGcchAzureAccount=true\"\n" +
				"JAVA_OPTS=\"-DAzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default\"\n",
			req: Request{Set: seedWhd},
			out: "#JAVA_OPTS=\"-Xmx2g\"\n" +
				"#JAVA_OPTS=\"-DExchangeServiceURL=https://outlook.office365.com/\"\n" +
				"#JAVA_OPTS=\"-DAzureTokenURL=https://login.microsoftonline.com/\"\n" +
				"#JAVA_OPTS=\"-DAzureAuthorizationURL=https://login.microsoftonline.com/\"\n" +
				"#JAVA_OPTS=\"-DIsGcchAzureAccount=true\"\n" +
				"JAVA_OPTS=\"-DAzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default -DExchangeServiceURL=https://outlook.office365.com/ -DAzureTokenURL=https://login.microsoftonline.com/ -DAzureAuthorizationURL=https://login.microsoftonline.com/ -DIsGcchAzureAccount=true\"\n",
			acts:    []act{{"ExchangeServiceURL", "added", 6}, {"AzureTokenURL", "added", 6}, {"AzureAuthorizationURL", "added", 6}, {"IsGcchAzureAccount", "added", 6}, {"AzureAuthorizationScope", "unchanged", 6}},
			warn:    "-Xmx2g (line 1)",
			changed: true,
		},
		{
			name:    "append chain: value updated where it is written",
			in:      "JAVA_OPTS=\"-Xmx2g -DAzureTokenURL=https://login.microsoftonline.us/\"\nJAVA_OPTS=\"$JAVA_OPTS -Da=1\"\nJAVA_OPTS=\"${JAVA_OPTS} -Db=2\"\n",
			req:     Request{Set: []Property{{"AzureTokenURL", "https://login.microsoftonline.com/"}}},
			out:     "JAVA_OPTS=\"-Xmx2g -DAzureTokenURL=https://login.microsoftonline.com/\"\nJAVA_OPTS=\"$JAVA_OPTS -Da=1\"\nJAVA_OPTS=\"${JAVA_OPTS} -Db=2\"\n",
			acts:    []act{{"AzureTokenURL", "updated", 1}},
			changed: true,
		},
		{
			name:    "+= and export",
			in:      "export JAVA_OPTS=-Xmx2g\nJAVA_OPTS+=' -Da=1'\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "export JAVA_OPTS=-Xmx2g\nJAVA_OPTS+=' -Da=1 -DIsGcchAzureAccount=true'\n",
			acts:    []act{{"IsGcchAzureAccount", "added", 2}},
			changed: true,
		},
		{
			name:    "single quotes: updated inside them",
			in:      "JAVA_OPTS='-DIsGcchAzureAccount=false -Xmx1g'\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS='-DIsGcchAzureAccount=true -Xmx1g'\n",
			acts:    []act{{"IsGcchAzureAccount", "updated", 1}},
			changed: true,
		},
		{
			name:    "unquoted value gets quotes",
			in:      "JAVA_OPTS=-Xmx2g\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true\"\n",
			changed: true,
		},
		{
			name:    "empty value",
			in:      "JAVA_OPTS=\nY=2\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS=\"-DIsGcchAzureAccount=true\"\nY=2\n",
			changed: true,
		},
		{
			name:    "trailing blank inside the quotes is kept at the end",
			in:      "JAVA_OPTS=\"-Xmx2g \"\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true \"\n",
			changed: true,
		},
		{
			name:    "multi-line value",
			in:      "JAVA_OPTS=\"-Xmx2g\n  -Da=1\"\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS=\"-Xmx2g\n  -Da=1 -DIsGcchAzureAccount=true\"\n",
			acts:    []act{{"IsGcchAzureAccount", "added", 2}},
			changed: true,
		},
		{
			name:    "no JAVA_OPTS: appended to $JAVA_OPTS at the end",
			in:      "DEFAULT_PORT=8081\n",
			req:     Request{Set: seedWhd},
			out:     "DEFAULT_PORT=8081\nJAVA_OPTS=\"$JAVA_OPTS " + seedFlags + "\"\n",
			acts:    []act{{"ExchangeServiceURL", "added", 2}, {"AzureTokenURL", "added", 2}, {"AzureAuthorizationURL", "added", 2}, {"IsGcchAzureAccount", "added", 2}, {"AzureAuthorizationScope", "added", 2}},
			changed: true,
		},
		{
			name:    "no trailing newline stays so",
			in:      "DEFAULT_PORT=8081",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "DEFAULT_PORT=8081\nJAVA_OPTS=\"$JAVA_OPTS -DIsGcchAzureAccount=true\"",
			changed: true,
		},
		{
			name:    "no trailing newline, last line ends in a backslash inside a comment",
			in:      "DEFAULT_PORT=8081 # see C:\\",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "DEFAULT_PORT=8081 # see C:\\\nJAVA_OPTS=\"$JAVA_OPTS -DIsGcchAzureAccount=true\"",
			changed: true,
		},
		{
			name:    "no trailing newline, last line ends in an escaped backslash",
			in:      "DIR=C:\\\\",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "DIR=C:\\\\\nJAVA_OPTS=\"$JAVA_OPTS -DIsGcchAzureAccount=true\"",
			changed: true,
		},
		{
			name:    "no trailing newline, a lone backslash after the JAVA_OPTS line: patched in place",
			in:      "JAVA_OPTS=\"-Xmx2g\"\nC=x\\",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true\"\nC=x\\",
			acts:    []act{{"IsGcchAzureAccount", "added", 1}},
			changed: true,
		},
		{
			name:    "empty file",
			in:      "",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS=\"$JAVA_OPTS -DIsGcchAzureAccount=true\"\n",
			changed: true,
		},
		{
			name:    "BOM kept; a JAVA_OPTS glued to it on line 1 is not an assignment",
			in:      "\xEF\xBB\xBFJAVA_OPTS=\"-Xmx2g\"\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "\xEF\xBB\xBFJAVA_OPTS=\"-Xmx2g\"\nJAVA_OPTS=\"$JAVA_OPTS -DIsGcchAzureAccount=true\"\n",
			warn:    "byte order mark",
			changed: true,
		},
		{
			name:    "BOM before a comment",
			in:      "\xEF\xBB\xBF# whd\nJAVA_OPTS=\"-Xmx2g\"\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "\xEF\xBB\xBF# whd\nJAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true\"\n",
			changed: true,
		},
		{
			name:    "mostly LF with one CRLF comment line: new text uses LF",
			in:      "# c\r\nJAVA_OPTS=\"-Xmx2g\"\nA=1\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "# c\r\nJAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true\"\nA=1\n",
			warn:    "end with CRLF",
			changed: true,
		},
		{
			name: "already set: nothing changes",
			in:   "JAVA_OPTS=\"-Xmx2g " + seedFlags + "\"\n",
			req:  Request{Set: seedWhd},
			out:  "JAVA_OPTS=\"-Xmx2g " + seedFlags + "\"\n",
			acts: []act{{"ExchangeServiceURL", "unchanged", 1}, {"AzureTokenURL", "unchanged", 1}, {"AzureAuthorizationURL", "unchanged", 1}, {"IsGcchAzureAccount", "unchanged", 1}, {"AzureAuthorizationScope", "unchanged", 1}},
		},
		{
			name: "already set but earlier lines overwritten: reported, not touched",
			in:   "JAVA_OPTS=\"-Xmx2g\"\nJAVA_OPTS=\"" + seedFlags + "\"\n",
			req:  Request{Set: seedWhd},
			out:  "JAVA_OPTS=\"-Xmx2g\"\nJAVA_OPTS=\"" + seedFlags + "\"\n",
			warn: "-Xmx2g (line 1)",
		},
		{
			name:    "remove",
			in:      "JAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true -Da=1\"\n",
			req:     Request{Remove: []string{"IsGcchAzureAccount", "AzureTokenURL"}},
			out:     "JAVA_OPTS=\"-Xmx2g -Da=1\"\n",
			acts:    []act{{"IsGcchAzureAccount", "removed", 0}, {"AzureTokenURL", "absent", 0}},
			changed: true,
		},
		{
			name:    "remove the last flag",
			in:      "JAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true\"\n",
			req:     Request{Remove: []string{"IsGcchAzureAccount"}},
			out:     "JAVA_OPTS=\"-Xmx2g\"\n",
			changed: true,
		},
		{
			name:    "remove the only flag",
			in:      "JAVA_OPTS=\"-DIsGcchAzureAccount=true\"\n",
			req:     Request{Remove: []string{"IsGcchAzureAccount"}},
			out:     "JAVA_OPTS=\"\"\n",
			changed: true,
		},
		{
			name:    "duplicates with --dedupe: the JVM's (last) one is kept",
			in:      "JAVA_OPTS=\"-DAzureTokenURL=a -Xmx2g -DAzureTokenURL=b\"\n",
			req:     Request{Set: []Property{{"AzureTokenURL", "https://login.microsoftonline.com/"}}, Dedupe: true},
			out:     "JAVA_OPTS=\"-Xmx2g -DAzureTokenURL=https://login.microsoftonline.com/\"\n",
			acts:    []act{{"AzureTokenURL", "updated", 1}},
			warn:    "duplicate",
			changed: true,
		},
		{
			name:    "duplicates with --dedupe, the kept one already right: unchanged, the duplicate dropped",
			in:      "JAVA_OPTS=\"-DAzureTokenURL=a -Xmx2g -DAzureTokenURL=https://login.microsoftonline.com/\"\n",
			req:     Request{Set: []Property{{"AzureTokenURL", "https://login.microsoftonline.com/"}}, Dedupe: true},
			out:     "JAVA_OPTS=\"-Xmx2g -DAzureTokenURL=https://login.microsoftonline.com/\"\n",
			acts:    []act{{"AzureTokenURL", "unchanged", 1}},
			warn:    "removed -DAzureTokenURL=a (a duplicate",
			changed: true,
		},
		{
			name:    "an unquoted space makes the line a command prefix: a note says the flags before it are dead",
			in:      "JAVA_OPTS=-Xmx2048m -Dfile.encoding=UTF-8\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS=-Xmx2048m -Dfile.encoding=UTF-8\nJAVA_OPTS=\"$JAVA_OPTS -DIsGcchAzureAccount=true\"\n",
			acts:    []act{{"IsGcchAzureAccount", "added", 2}},
			warn:    "bash runs -Dfile.encoding=UTF-8 as a command with JAVA_OPTS set for that command alone",
			changed: true,
		},
		{
			name:    "Windows-style quotes in the value: the assignment is rewritten",
			in:      "A=1\nJAVA_OPTS=\"$JAVA_OPTS -DExchangeServiceURL=\"https://old.example/\"\"\nB=2",
			req:     Request{Set: []Property{{"ExchangeServiceURL", "https://outlook.office365.com/"}}},
			out:     "A=1\nJAVA_OPTS=\"$JAVA_OPTS -DExchangeServiceURL=https://outlook.office365.com/\"\nB=2",
			acts:    []act{{"ExchangeServiceURL", "updated", 2}},
			warn:    "rewrote",
			changed: true,
		},
		{
			name:    "escaped value rewritten, earlier chain commented out",
			in:      "JAVA_OPTS=\"-Xmx2g\"\nJAVA_OPTS=\"$JAVA_OPTS -DAzureTokenURL=a\\\\b\"\n",
			req:     Request{Set: []Property{{"AzureTokenURL", "https://login.microsoftonline.com/"}}},
			out:     "#JAVA_OPTS=\"-Xmx2g\"\nJAVA_OPTS=\"-Xmx2g -DAzureTokenURL=https://login.microsoftonline.com/\"\n",
			changed: true,
		},
		{
			name:    "JAVA_OPTS built from another variable: only its own flags are edited",
			in:      "MAXIMUM_MEMORY=2048\nJAVA_OPTS=\"-Xmx${MAXIMUM_MEMORY}m -DIsGcchAzureAccount=false\"\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "MAXIMUM_MEMORY=2048\nJAVA_OPTS=\"-Xmx${MAXIMUM_MEMORY}m -DIsGcchAzureAccount=true\"\n",
			changed: true,
		},
		{
			name:    "a dead assignment sharing its line is left alone",
			in:      "A=1; JAVA_OPTS=\"-Xmx1g\"\nJAVA_OPTS=\"-Xmx2g\"\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "A=1; JAVA_OPTS=\"-Xmx1g\"\nJAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true\"\n",
			warn:    "-Xmx1g (line 1)",
			changed: true,
		},
		{
			name:    "a dead export is left alone (it keeps JAVA_OPTS exported)",
			in:      "export JAVA_OPTS=\"-Xmx1g\"\nJAVA_OPTS=\"-Xmx2g\"\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "export JAVA_OPTS=\"-Xmx1g\"\nJAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true\"\n",
			changed: true,
		},
		{
			name:    "value ends in an expansion: a new line right after it",
			in:      "JAVA_OPTS=$JAVA_OPTS\nX=1\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS=$JAVA_OPTS\nJAVA_OPTS=\"$JAVA_OPTS -DIsGcchAzureAccount=true\"\nX=1\n",
			acts:    []act{{"IsGcchAzureAccount", "added", 2}},
			changed: true,
		},
		{
			name:    "a variable read from JAVA_OPTS follows it",
			in:      "JAVA_OPTS=\"-Xmx2g\"\nCATALINA_OPTS=\"$JAVA_OPTS\"\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true\"\nCATALINA_OPTS=\"$JAVA_OPTS\"\n",
			changed: true,
		},
		{
			name:    "a return right after: no new line possible, the value is rewritten",
			in:      "JAVA_OPTS=$JAVA_OPTS;return\nJAVA_OPTS=-Dnever\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "JAVA_OPTS=\"$JAVA_OPTS -DIsGcchAzureAccount=true\";return\nJAVA_OPTS=-Dnever\n",
			warn:    "rewrote",
			changed: true,
		},
		{
			name:    "export with words after an unquoted space: bash rejects them, they stay as they are",
			in:      "export JAVA_OPTS=-Xmx2g -Dfoo=bar -Dz\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "export JAVA_OPTS=\"-Xmx2g -DIsGcchAzureAccount=true\" -Dfoo=bar -Dz\n",
			warn:    "export rejects -Dfoo=bar -Dz each as a variable name",
			changed: true,
		},
		{
			name:    "a return and a value from another variable: no proven edit, refused",
			in:      "A=-Da\nJAVA_OPTS=$JAVA_OPTS$A;return\n",
			req:     Request{Set: []Property{{"IsGcchAzureAccount", "true"}}},
			out:     "",
			changed: false,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := PatchWhdConf([]byte(tc.in), tc.req)
			if tc.out == "" {
				var re *RefusalError
				if !errors.As(err, &re) {
					t.Fatalf("want a RefusalError, got %v (%+v)", err, res)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Output) != tc.out {
				t.Fatalf("output:\n%q\nwant:\n%q", res.Output, tc.out)
			}
			if res.Changed != tc.changed {
				t.Errorf("Changed = %v, want %v", res.Changed, tc.changed)
			}
			if tc.acts != nil {
				if len(res.Actions) != len(tc.acts) {
					t.Fatalf("actions %+v, want %v", res.Actions, tc.acts)
				}
				for i, a := range tc.acts {
					got := res.Actions[i]
					if got.Property != a.prop || got.Action != a.action || got.Line != a.line || (got.Key != "JAVA_OPTS") != (a.action == ActionAbsent) {
						t.Errorf("action %d = %+v, want %v", i, got, a)
					}
				}
			}
			if tc.warn != "" && !strings.Contains(strings.Join(res.Warnings, "\n"), tc.warn) {
				t.Errorf("no warning mentions %q: %q", tc.warn, res.Warnings)
			}
			// Patching twice is patching once.
			res2, err := PatchWhdConf(res.Output, tc.req)
			if err != nil {
				t.Fatalf("second run: %v", err)
			}
			if res2.Changed || string(res2.Output) != string(res.Output) {
				t.Fatalf("second run changed the file:\n%q", res2.Output)
			}
			for _, a := range res2.Actions {
				if a.Action != ActionUnchanged && a.Action != ActionAbsent {
					t.Errorf("second run: %+v", a)
				}
			}
		})
	}
}

func TestPatchWhdConfActionValues(t *testing.T) {
	in := "JAVA_OPTS=\"-DAzureTokenURL=https://login.microsoftonline.us/ -DIsGcchAzureAccount=true\"\n"
	res, err := PatchWhdConf([]byte(in), Request{
		Set:    []Property{{"AzureTokenURL", "https://login.microsoftonline.com/"}, {"ExchangeServiceURL", "https://outlook.office365.com/"}},
		Remove: []string{"IsGcchAzureAccount"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Action{
		{Property: "AzureTokenURL", Action: ActionUpdated, Key: "JAVA_OPTS", Line: 1, OldValue: "https://login.microsoftonline.us/", NewValue: "https://login.microsoftonline.com/"},
		{Property: "ExchangeServiceURL", Action: ActionAdded, Key: "JAVA_OPTS", Line: 1, NewValue: "https://outlook.office365.com/"},
		{Property: "IsGcchAzureAccount", Action: ActionRemoved, Key: "JAVA_OPTS", OldValue: "true"},
	}
	if len(res.Actions) != len(want) {
		t.Fatalf("actions %+v", res.Actions)
	}
	for i := range want {
		if res.Actions[i] != want[i] {
			t.Errorf("action %d = %+v, want %+v", i, res.Actions[i], want[i])
		}
	}
	if got := string(res.Output); got != "JAVA_OPTS=\"-DAzureTokenURL=https://login.microsoftonline.com/ -DExchangeServiceURL=https://outlook.office365.com/\"\n" {
		t.Errorf("output %q", got)
	}
}

// TestPatchWhdConfKeepsBytes: outside the JAVA_OPTS edit nothing changes.
func TestPatchWhdConfKeepsBytes(t *testing.T) {
	in := "\xEF\xBB\xBF# Web Help Desk\n\tA=1 # tab\n\nexport B='x y'\nJAVA_OPTS=\"-Xmx2g\"   # memory\n# end"
	res, err := PatchWhdConf([]byte(in), Request{Set: []Property{{"IsGcchAzureAccount", "true"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(in, `-Xmx2g"`, `-Xmx2g -DIsGcchAzureAccount=true"`, 1)
	if string(res.Output) != want {
		t.Fatalf("got %q\nwant %q", res.Output, want)
	}
}

func TestPatchWhdConfRefusals(t *testing.T) {
	set := Request{Set: seedWhd}
	cases := []struct {
		name string
		in   string
		req  Request
		kind string // refusal, parse, input
		msg  string // substring of the error
	}{
		{"CRLF file", "A=1\r\nJAVA_OPTS=\"-Xmx2g\"\r\n", set, "refusal", "CRLF"},
		{"CR-only file", "A=1\rJAVA_OPTS=\"-Xmx2g\"\r", set, "refusal", "line endings"},
		{"CR on the JAVA_OPTS line of an LF file", "A=1\nB=2\nJAVA_OPTS=\"-Xmx2g\"\r\nC=3\n", set, "refusal", "carriage return"},
		{"syntax error", "A=1\nJAVA_OPTS=\"-Xmx2g\n", set, "parse", "syntax error"},
		{"if", "if [ -x /x ]; then JAVA_OPTS=-Xmx2g; fi\n", set, "refusal", "assigned inside an if"},
		{"command substitution", "JAVA_OPTS=\"$(cat /etc/opts)\"\n", set, "refusal", "command substitution"},
		{"source", ". /etc/default/whd\nJAVA_OPTS=\"$JAVA_OPTS -Xmx2g\"\n", set, "refusal", "sources another file"},
		{"environment variable", "JAVA_OPTS=\"-Dhome=$HOME\"\n", set, "refusal", "$HOME is not set in this file"},
		{"typographic quotes", "JAVA_OPTS=“-Xmx2g”\n", set, "refusal", "typographic quotes"},
		{"IFS", "IFS=:\nJAVA_OPTS=\"-Xmx2g\"\n", set, "refusal", "IFS"},
		{"readonly", "readonly JAVA_OPTS=\"-Xmx2g\"\n", set, "refusal", "read-only"},
		{"exit", "JAVA_OPTS=-Xmx2g\nexit 0\n", set, "refusal", "exit"},
		{"brace expansion in export", "JAVA_OPTS=-Da\nexport JAVA_OPTS=-Xmx2g {-Dfoo=1,JAVA_OPTS=-Dy}\n", set, "refusal", "does not follow"},
		{"quoted array element in declare", "JAVA_OPTS=-Da\ndeclare B=1 \"JAVA_OPTS[0]=-Dx\"\n", set, "refusal", "does not follow"},
		{"escaped array element in declare", "JAVA_OPTS=-Da\ndeclare B=1 JAVA_OPTS\\[0]=-Dx\n", set, "refusal", "does not follow"},
		{"quoted append in export", "JAVA_OPTS=-Da\nexport B=1 \"JAVA_OPTS+= -Dx\"\n", set, "refusal", "does not follow"},
		{"append in the same export", "export JAVA_OPTS=-Xmx2g JAVA_OPTS+=\" -Dz\"\n", set, "refusal", "same command"},
		{"set -e and a rejected argument", "set -o errexit\nexport JAVA_OPTS=-Da -Dx\n", set, "refusal", "set -e"},
		{"backslash ending a file without a final newline", "A=\x91 \\", set, "refusal", "joined onto it"},
		{"backslash ending the last line, no final newline", "B=1\nC=x\\", set, "refusal", "line 2, the last line"},
		{"a file whdctl does not follow to the end", strings.Repeat("export J=1 -Dx=1 #"+strings.Repeat("x", 10000)+"\n", 64), set, "refusal", "does not follow a file this size"},
		{"_JAVA_OPTIONS with a managed property", "export _JAVA_OPTIONS=\"-DExchangeServiceURL=https://wrong.example/\"\nJAVA_OPTS=-Da\n", set, "refusal", "_JAVA_OPTIONS"},
		{"declare -l JAVA_OPTS", "declare -l JAVA_OPTS\nJAVA_OPTS=-Xmx2g\n", set, "refusal", "declare -l gives JAVA_OPTS an attribute"},
		{"export -x JAVA_OPTS", "JAVA_OPTS=-Da\nexport -x JAVA_OPTS=-Db\n", set, "refusal", "export -x sets nothing"},
		{"declare -p JAVA_OPTS=", "JAVA_OPTS=-Da\ndeclare -p JAVA_OPTS=-Db\n", set, "refusal", "declare -p sets nothing"},
		{"duplicates", "JAVA_OPTS=\"-DAzureTokenURL=a -DAzureTokenURL=b\"\n", set, "refusal", "--dedupe"},
		{"flag from another variable", "X=-DAzureTokenURL=old\nJAVA_OPTS=\"$X -Xmx2g\"\n", set, "refusal", "another variable"},
		{"space in value", "", Request{Set: []Property{{"AzureAuthorizationScope", "offline_access https://graph.microsoft.com/.default"}}}, "input", "%20"},
		{"tab in value", "", Request{Set: []Property{{"A", "a\tb"}}}, "input", "whitespace"},
		{"no-break space", "", Request{Set: []Property{{"A", "a\u00a0b"}}}, "input", "non-breaking or other Unicode space (U+00A0)"},
		{"double quote", "", Request{Set: []Property{{"A", `"https://x/"`}}}, "input", "quote"},
		{"single quote", "", Request{Set: []Property{{"A", `it's`}}}, "input", "quote"},
		{"typographic quote", "", Request{Set: []Property{{"A", "“https://x/”"}}}, "input", "typographic"},
		{"typographic single quote", "", Request{Set: []Property{{"A", "‘x’"}}}, "input", "typographic"},
		{"dollar", "", Request{Set: []Property{{"A", "$HOME"}}}, "input", "$"},
		{"backquote", "", Request{Set: []Property{{"A", "`id`"}}}, "input", "backquote"},
		{"backslash", "", Request{Set: []Property{{"A", `C:\x`}}}, "input", "backslash"},
		{"newline", "", Request{Set: []Property{{"A", "a\nb"}}}, "input", "line break"},
		{"control", "", Request{Set: []Property{{"A", "a\x07b"}}}, "input", "control"},
		{"zero width", "", Request{Set: []Property{{"A", "a\u200bb"}}}, "input", "invisible"},
		{"invalid UTF-8", "", Request{Set: []Property{{"A", "a\xffb"}}}, "input", "UTF-8"},
		{"empty", "", Request{Set: []Property{{"A", ""}}}, "input", "empty value"},
		{"bad name", "", Request{Set: []Property{{"A B", "x"}}}, "input", "not valid"},
		{"set and remove", "", Request{Set: []Property{{"A", "x"}}, Remove: []string{"A"}}, "input", "both set and removed"},
		{"set twice", "", Request{Set: []Property{{"A", "x"}, {"A", "y"}}}, "input", "twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := PatchWhdConf([]byte(tc.in), tc.req)
			if err == nil {
				t.Fatalf("no error; output %q", res.Output)
			}
			var (
				re *RefusalError
				pe *ParseError
				ie *InputError
			)
			switch tc.kind {
			case "refusal":
				if !errors.As(err, &re) {
					t.Fatalf("want RefusalError, got %T: %v", err, err)
				}
				if re.Hint == "" {
					t.Errorf("refusal without a hint: %v", err)
				}
			case "parse":
				if !errors.As(err, &pe) {
					t.Fatalf("want ParseError, got %T: %v", err, err)
				}
				if pe.Line == 0 {
					t.Errorf("parse error without a line: %v", err)
				}
			case "input":
				if !errors.As(err, &ie) {
					t.Fatalf("want InputError, got %T: %v", err, err)
				}
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
		})
	}
}

// TestPatchWhdConfRefusalHint: the hand-edit hint is a line that works.
func TestPatchWhdConfRefusalHint(t *testing.T) {
	_, err := PatchWhdConf([]byte("JAVA_OPTS=\"$(cat /etc/opts)\"\n"), Request{Set: seedWhd})
	var re *RefusalError
	if !errors.As(err, &re) {
		t.Fatal(err)
	}
	_, line, ok := strings.Cut(re.Hint, "\n  ")
	if !ok {
		t.Fatalf("hint has no line to add: %q", re.Hint)
	}
	f, _ := whdconf.Parse([]byte(line + "\n"))
	words := whdWordTexts(f.JavaOpts().Words)
	if !whdSameStrings(words, strings.Fields(seedFlags)) {
		t.Fatalf("the hint's line gives %q", words)
	}
}
