// Package cli wires whdctl's commands: flags, input and output. Domain logic
// lives in the patcher, conf, validate and diagnose packages.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/urfave/cli/v2"
)

// Exit codes. This table is part of the interface: never renumber it.
const (
	ExitOK      = 0 // done; the check passed
	ExitFailed  = 1 // findings, a failed check, or a refusal that needs a decision
	ExitUsage   = 2 // bad flags or arguments
	ExitRuntime = 3 // I/O error, unreadable input, local failure
)

// Version is set at build time with -ldflags "-X github.com/whdctl/whdctl/internal/cli.Version=...".
var Version = "0.1.0-dev"

// env is what a command may touch of the outside world. Tests pass their own.
type env struct {
	args   []string // the command line, program name first
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// commandFactories is filled by each command's file in init(), so that
// commands live in files of their own and app.go does not change with them.
var commandFactories []func(*env) *cli.Command

func register(f func(*env) *cli.Command) { commandFactories = append(commandFactories, f) }

// exitError carries an exit code with an optional message for stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErrorf(format string, a ...any) error {
	return &exitError{code: ExitUsage, msg: fmt.Sprintf(format, a...)}
}
func runtimeErrorf(format string, a ...any) error {
	return &exitError{code: ExitRuntime, msg: fmt.Sprintf(format, a...)}
}
func failedErrorf(format string, a ...any) error {
	return &exitError{code: ExitFailed, msg: fmt.Sprintf(format, a...)}
}

// silentExit ends the command with code and no further message (the command
// has already printed its report).
func silentExit(code int) error {
	if code == ExitOK {
		return nil
	}
	return &exitError{code: code}
}

// Main runs whdctl with args (args[0] is the program name) and returns the
// process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(args, &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv})
}

func run(args []string, e *env) int {
	e.args = args
	app := newApp(e)
	err := app.Run(args)
	if err == nil {
		return ExitOK
	}
	var xe *exitError
	if errors.As(err, &xe) {
		if xe.msg != "" {
			fmt.Fprintf(e.stderr, "whdctl: %s\n", xe.msg)
		}
		return xe.code
	}
	// Anything else comes from flag parsing in the CLI library.
	fmt.Fprintf(e.stderr, "whdctl: %s\nRun 'whdctl --help' for usage.\n", err)
	return ExitUsage
}

func newApp(e *env) *cli.App {
	app := &cli.App{
		Name:  "whdctl",
		Usage: "configure and diagnose SolarWinds Web Help Desk for Microsoft 365 mail",
		Description: "Exit codes: 0 ok, 1 findings / failed check / refused, 2 usage error, 3 runtime error (I/O, unreadable input).\n" +
			"Examples:\n" +
			"  whdctl patch-conf --whd-home /usr/local/webhelpdesk --dry-run --diff\n" +
			"  whdctl validate --whd-home /usr/local/webhelpdesk\n" +
			"  whdctl diagnose aadsts 'AADSTS700082: The refresh token has expired due to inactivity.'",
		Version:                Version,
		Reader:                 e.stdin,
		Writer:                 e.stdout,
		ErrWriter:              e.stderr,
		HideHelpCommand:        true,
		EnableBashCompletion:   false,
		ExitErrHandler:         func(*cli.Context, error) {},
		CommandNotFound:        nil,
		UseShortOptionHandling: false,
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageErrorf("%v\nRun 'whdctl --help' for usage.", err)
		},
	}
	for _, f := range commandFactories {
		cmd := f(e)
		if cmd.OnUsageError == nil {
			name := cmd.Name
			cmd.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
				return usageErrorf("%s: %v\nRun 'whdctl %s --help' for usage.", name, err, name)
			}
		}
		app.Commands = append(app.Commands, cmd)
	}
	sort.Slice(app.Commands, func(i, j int) bool { return app.Commands[i].Name < app.Commands[j].Name })
	app.Action = func(c *cli.Context) error {
		if c.NArg() > 0 {
			return usageErrorf("unknown command %q; run 'whdctl --help' for the list", c.Args().First())
		}
		return cli.ShowAppHelp(c)
	}
	return app
}
