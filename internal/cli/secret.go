package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/whdctl/whdctl/diagnose/token"
)

// Secrets (client secret, EWS password, store password) come from an
// environment variable, a file, or a no-echo prompt on a terminal; never
// from the command line, and they never appear in output.

// secretSpec says where one secret may come from.
type secretSpec struct {
	what     string // "client secret", for messages
	envVar   string // e.g. WHDCTL_CLIENT_SECRET
	fileFlag string // e.g. client-secret-file ("" when there is none)
	prompt   string // e.g. "Client secret: "
}

// maxSecretFile bounds a secret file: secrets are short.
const maxSecretFile = 64 << 10

// Terminal access, replaceable by tests.
var (
	terminalFD = func(r io.Reader) (int, bool) {
		f, ok := r.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return 0, false
		}
		return int(f.Fd()), true
	}
	readPassword = term.ReadPassword
)

// readSecret returns the secret from the environment variable, else the
// file flag, else a no-echo prompt when stdin is a terminal. Giving it two
// ways is a usage error; finding it nowhere is a local error (exit 3).
func readSecret(c *cli.Context, e *env, s secretSpec) (string, error) {
	fromEnv := e.getenv(s.envVar)
	file := ""
	if s.fileFlag != "" {
		file = c.String(s.fileFlag)
	}
	switch {
	case fromEnv != "" && file != "":
		return "", usageErrorf("the %s is given twice, by %s and by --%s: unset one", s.what, s.envVar, s.fileFlag)
	case fromEnv != "":
		return fromEnv, nil
	case file != "":
		return readSecretFile(file, s)
	}
	fd, ok := terminalFD(e.stdin)
	if !ok {
		how := "set " + s.envVar
		if s.fileFlag != "" {
			how += ", pass --" + s.fileFlag + " FILE"
		}
		return "", runtimeErrorf("no %s: %s, or run whdctl in a terminal to be asked for it", s.what, how)
	}
	fmt.Fprint(e.stderr, s.prompt)
	stop := guardPrompt(fd, e.stderr) // Ctrl-C must not leave echo off
	b, err := readPassword(fd)
	stop()
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", runtimeErrorf("reading the %s from the terminal: %v", s.what, err)
	}
	v := strings.TrimRight(string(b), "\r\n")
	if v == "" {
		return "", runtimeErrorf("no %s was typed", s.what)
	}
	return v, nil
}

// secretFileRules says, in --help, how a secret file is read.
const secretFileRules = "one line; a UTF-8 BOM and spaces, tabs and line endings around it are removed"

// readSecretFile reads a one-line secret file: a UTF-8 byte order mark
// (Notepad writes one) and whitespace at both ends (spaces, tabs, CR, LF)
// are removed, since editors add them and they are never meant.
func readSecretFile(path string, s secretSpec) (string, error) {
	// The name is quoted through token.Echo: a secret pasted as the file
	// name is not printed back.
	name := token.Echo(path)
	f, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", runtimeErrorf("--%s %s: no such file", s.fileFlag, name)
		case errors.Is(err, fs.ErrPermission):
			return "", runtimeErrorf("--%s %s: not readable by this user", s.fileFlag, name)
		}
		return "", runtimeErrorf("--%s %s: %v", s.fileFlag, name, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return "", runtimeErrorf("--%s %s is a folder, not a file", s.fileFlag, name)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		return "", runtimeErrorf("--%s %s: %v", s.fileFlag, name, err)
	}
	if len(b) > maxSecretFile {
		return "", runtimeErrorf("--%s %s is larger than %d KiB: not a %s file", s.fileFlag, name, maxSecretFile>>10, s.what)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.Trim(b, " \t\r\n")
	switch {
	case len(b) == 0:
		return "", runtimeErrorf("--%s %s is empty: it must hold the %s on one line", s.fileFlag, name, s.what)
	case bytes.ContainsAny(b, "\r\n"):
		return "", runtimeErrorf("--%s %s has more than one line: it must hold only the %s", s.fileFlag, name, s.what)
	}
	return string(b), nil
}

// argvSecretFlags are hidden flags that catch secrets typed on the command
// line and refuse them with a clear message (the value is never echoed).
func argvSecretFlags(names ...string) []cli.Flag {
	var out []cli.Flag
	for _, n := range names {
		out = append(out, &cli.StringFlag{Name: n, Hidden: true})
	}
	return out
}

// refuseArgvSecrets fails when one of the hidden secret flags was used.
func refuseArgvSecrets(c *cli.Context, instead map[string]string) error {
	for name, how := range instead {
		if c.IsSet(name) {
			return usageErrorf("--%s is not accepted: secrets on the command line end up in shell history and process lists; %s", name, how)
		}
	}
	return nil
}
