package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/whdctl/whdctl/internal/cli"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"whdctl": func() { os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script against the
// built CLI. Each script starts with a copy of the repository's fixtures in
// $WORK/fixtures.
func TestScripts(t *testing.T) {
	fixtures, err := filepath.Abs("../../fixtures")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			e.Setenv("NO_COLOR", "1")
			return os.CopyFS(filepath.Join(e.WorkDir, "fixtures"), os.DirFS(fixtures))
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exitcode N cmd args...: run an exec'd command and require exit code N.
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) < 2 {
					ts.Fatalf("usage: exitcode N command [args...]")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exitcode: %v", err)
				}
				err = ts.Exec(args[1], args[2:]...)
				got := 0
				if err != nil {
					if _, e := fmt.Sscanf(err.Error(), "exit status %d", &got); e != nil {
						ts.Fatalf("exitcode: %v", err)
					}
				}
				if got != want {
					ts.Fatalf("exit code %d, want %d", got, want)
				}
			},
			// binfile PATH: write a small binary file (NUL bytes) at PATH.
			"binfile": func(ts *testscript.TestScript, neg bool, args []string) {
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte("\x7fELF\x02\x01\x00\x00wrapper.java.additional.1=x\n"), 0o644))
			},
			// bomfile PATH LINE...: write LINEs (LF) with a UTF-8 BOM before the first.
			"bomfile": func(ts *testscript.TestScript, neg bool, args []string) {
				body := "\ufeff"
				for _, l := range args[1:] {
					body += l + "\n"
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(body), 0o644))
			},
			// nbackups N dir: the number of whdctl backups in dir
			"nbackups": func(ts *testscript.TestScript, neg bool, args []string) {
				m, _ := filepath.Glob(filepath.Join(ts.MkAbs(args[1]), "*.whdctl-*.bak"))
				if strconv.Itoa(len(m)) != args[0] {
					ts.Fatalf("%d backups in %s, want %s", len(m), args[1], args[0])
				}
			},
		},
	})
}
