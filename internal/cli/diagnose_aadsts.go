package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/whdctl/whdctl/diagnose/aadsts"
)

func init() {
	registerDiagnose(newDiagnoseAADSTSCmd)
}

func newDiagnoseAADSTSCmd(e *env) *cli.Command {
	return &cli.Command{
		Name:      "aadsts",
		Usage:     "explain the AADSTS error codes in a pasted Microsoft error, with the fix",
		UsageText: "whdctl diagnose aadsts [TEXT... | -] [--file FILE] [--output text|json]",
		Description: "Finds every AADSTS code in the text, whatever its shape: a token endpoint JSON body, a\n" +
			"golang.org/x/oauth2 error, a WHD log line, an authorize redirect URL or query string, the\n" +
			"sign-in page's Request Id / Correlation Id / Timestamp / Message block, or a bare code.\n" +
			"For each it prints Microsoft's name, what it means, the likely cause in WHD, and the fix;\n" +
			"trace ID, correlation ID and time; for 700082, 70008 and 70043 when the token expired.\n" +
			"Mentions of one error (the sign-in page shows the code twice) give one result.\n" +
			"A number counts as a code after AADSTS, in error_codes, alone when it has the 5 to 7\n" +
			"digits of an AADSTS code, or after a label (Error Code: 50011, code=50011) near a Trace ID,\n" +
			"an OAuth error such as invalid_grant or Microsoft's sign-in host; never after a label\n" +
			"qualified by another word (SQL ErrorCode, exit code) or with a JDBC SQLState.\n" +
			"Nothing is sent anywhere. Quote the text, or use '-' to read it from stdin. Options may\n" +
			"also follow the text.\n" +
			"Exit codes: 0 at least one code decoded, 1 no code found, 2 usage (empty input),\n" +
			"3 the input could not be read, is not text (a .gz file: gunzip it, or use 'whdctl diagnose\n" +
			"logs', which reads .gz) or is larger than 64 MiB (use 'whdctl diagnose logs'). UTF-16, with or\n" +
			"without a byte order mark, is read as text.\n\n" +
			"Examples:\n" +
			"  whdctl diagnose aadsts 'AADSTS700082: The refresh token has expired due to inactivity.'\n" +
			"  whdctl diagnose aadsts 50011\n" +
			"  pbpaste | whdctl diagnose aadsts -\n" +
			"  whdctl diagnose aadsts --file token-error.json --output json\n" +
			"  whdctl diagnose aadsts 'AADSTS50011: The redirect URI ...' -o json",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "file", Aliases: []string{"f"}, Usage: "read the error text from `FILE`"},
			outputFlag(),
		},
		Action: func(c *cli.Context) error { return runDiagnoseAADSTS(c, e) },
	}
}

func runDiagnoseAADSTS(c *cli.Context, e *env) error {
	// Options after the text ("whdctl diagnose aadsts AADSTS50011 -o json").
	if ran, err := rerunWithFlagsFirst(c, e, "aadsts", true); ran {
		return err
	}
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	text, src, err := aadstsInput(c, e)
	if err != nil {
		return err
	}
	if text, err = aadstsText(text, src, c.String("file")); err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" {
		return usageErrorf("diagnose aadsts: %s is empty; paste the error text (quoted), or give '-' and pipe it in", src)
	}
	n := len(text)
	defer keepHeapNear(n)()
	results := aadsts.Decode(text)
	if results == nil {
		results = []aadsts.Result{}
	}
	if format == "json" {
		if err := writeJSON(e.stdout, results); err != nil {
			return runtimeErrorf("writing output: %v", err)
		}
	} else {
		printAADSTS(newPainter(e, e.stdout), e.stdout, results)
	}
	if len(results) == 0 {
		return failedErrorf("no AADSTS code found in %s (%d bytes; check that the whole error message was copied)", src, n)
	}
	return nil
}

// keepHeapNear sets, for an input of n bytes (some MiB), a soft memory
// limit of n plus 48 MiB, and returns what puts the limit back. Decode's
// garbage (a lowercased copy of each line) would otherwise let the heap
// grow to twice the text between collections: a 64 MiB log peaked at
// about 210 MB, with the limit at about 120 MB, in the same time. A limit
// the user set (GOMEMLIMIT) is left alone.
func keepHeapNear(n int) (restore func()) {
	const minInput, headroom = 8 << 20, 48 << 20
	if n < minInput {
		return func() {}
	}
	if prev := debug.SetMemoryLimit(-1); prev == math.MaxInt64 {
		debug.SetMemoryLimit(int64(n) + headroom)
		return func() { debug.SetMemoryLimit(prev) }
	}
	return func() {}
}

// aadstsInput reads the text from the arguments, stdin ('-') or --file.
func aadstsInput(c *cli.Context, e *env) (text, src string, err error) {
	file := c.String("file")
	args := c.Args().Slice()
	switch {
	case file != "" && len(args) > 0:
		return "", "", usageErrorf("diagnose aadsts: give the text as arguments or with --file, not both")
	case file != "":
		f, err := os.Open(file)
		if err != nil {
			return "", "", runtimeErrorf("diagnose aadsts: cannot read --file %s: %v", file, describeFileErr(err))
		}
		defer f.Close()
		text, err := readLimited(f, file, "run 'whdctl diagnose logs "+file+"'")
		return text, file, err
	case len(args) == 1 && args[0] == "-":
		text, err := readLimited(e.stdin, "stdin", "save it to a file and run 'whdctl diagnose logs FILE'")
		return text, "stdin", err
	case len(args) == 0:
		return "", "", usageErrorf("diagnose aadsts needs the error text: as an argument (quoted), '-' for stdin, or --file FILE\nRun 'whdctl diagnose aadsts --help' for examples.")
	}
	// Unquoted pastes arrive split into words.
	return strings.Join(args, " "), "the text given", nil
}

// readLimited reads at most aadsts.MaxInput bytes. More is an input this
// command cannot take (exit 3, as validate does for a file too large);
// logHint says how to scan it as a log instead.
//
// The text is read into one buffer of the input's size, and the string is
// that buffer, not a copy: a 64 MiB input takes 64 MiB, not the 2 to 3
// times that a growing buffer and its copy would. The size is the file's
// when it is known (a file, or stdin redirected from one); from a pipe the
// input is read in pieces, then joined.
func readLimited(r io.Reader, name, logHint string) (string, error) {
	tooLarge := func() error {
		return runtimeErrorf("diagnose aadsts: %s is larger than %d MiB, too large for a pasted error; for a log, %s", name, aadsts.MaxInput>>20, logHint)
	}
	lr := io.LimitReader(r, aadsts.MaxInput+1)
	var b strings.Builder
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 {
			if fi.Size() > aadsts.MaxInput {
				return "", tooLarge()
			}
			b.Grow(int(fi.Size()) + 1) // +1: reading to EOF needs no more room
		}
	}
	if b.Cap() == 0 {
		var parts [][]byte
		total := 0
		for piece := 64 << 10; ; piece = min(2*piece, 4<<20) {
			buf := make([]byte, piece)
			n, err := io.ReadFull(lr, buf)
			parts, total = append(parts, buf[:n]), total+n
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				break
			}
			if err != nil {
				return "", runtimeErrorf("diagnose aadsts: reading %s: %v", name, err)
			}
		}
		if total > aadsts.MaxInput {
			return "", tooLarge()
		}
		b.Grow(total)
		for _, p := range parts {
			b.Write(p)
		}
		return b.String(), nil
	}
	if _, err := io.Copy(&b, lr); err != nil {
		return "", runtimeErrorf("diagnose aadsts: reading %s: %v", name, err)
	}
	if b.Len() > aadsts.MaxInput {
		return "", tooLarge()
	}
	return b.String(), nil
}

// aadstsText returns the input as UTF-8 text (UTF-16 decoded). Input that
// is not text cannot be read as an error message: a runtime error (exit 3)
// that says what it is and what to do; file is --file's value, if any.
func aadstsText(in, src, file string) (string, error) {
	text, err := aadsts.Text(in)
	var nt *aadsts.NotTextError
	if !errors.As(err, &nt) {
		return text, err
	}
	if nt.Gzip {
		name := file
		if name == "" {
			name = "FILE"
		}
		return "", runtimeErrorf("diagnose aadsts: %s is %s, not text; decompress it first ('gunzip -c %s | whdctl diagnose aadsts -'), "+
			"or scan it as a log with 'whdctl diagnose logs %s', which reads .gz files", src, nt.What, name, name)
	}
	return "", runtimeErrorf("diagnose aadsts: %s is %s, not text; paste the error text, or give the text file that holds it "+
		"(for a log, 'whdctl diagnose logs FILE')", src, nt.What)
}

func describeFileErr(err error) string {
	switch {
	case os.IsNotExist(err):
		return "no such file"
	case os.IsPermission(err):
		return "permission denied"
	}
	return err.Error()
}

// printAADSTS renders the results for people.
func printAADSTS(p painter, w io.Writer, rs []aadsts.Result) {
	for i, r := range rs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		head := p.bold(fmt.Sprintf("AADSTS%d", r.Code))
		if r.Name != "" {
			head += " " + r.Name
		}
		if r.Error != "" {
			head += " (" + r.Error + ")"
		}
		if !r.Known {
			head += " " + p.yellow("[not in whdctl's catalogue]")
		}
		fmt.Fprintln(w, head)
		field := func(label, v string) {
			if v != "" {
				// Values can hold pasted text: escape control characters.
				fmt.Fprintf(w, "  %-15s %s\n", label+":", termSafe(v))
			}
		}
		field("meaning", r.Summary)
		field("likely cause", r.Cause)
		field("fix", r.Fix)
		field("message", r.Details["message"])
		if r.Details["suberror"] != "" {
			field("suberror", r.Details["suberror"])
		}
		field("issued", r.Details["issued_at"])
		field("unused for", r.Details["inactive_for"])
		field("max lifetime", r.Details["max_lifetime"])
		if v := r.Details["expired_at"]; v != "" {
			fmt.Fprintf(w, "  %-15s %s\n", "expired:", p.red(termSafe(v)))
		}
		field("note", r.Details["advice"])
		field("trace ID", r.TraceID)
		field("correlation ID", r.CorrelationID)
		field("time", r.Timestamp)
		field("claims", r.Details["claims"])
		field("more", r.Details["lookup_url"])
	}
	if len(rs) == 0 {
		fmt.Fprintln(w, "No AADSTS code found.")
	}
}
