package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/whdctl/whdctl/diagnose/logscan"
)

func init() {
	registerDiagnose(newDiagnoseLogsCmd)
}

// progressMin is the input size from which a progress bar is worth drawing.
const progressMin = 64 << 20

func newDiagnoseLogsCmd(e *env) *cli.Command {
	return &cli.Command{
		Name:      "logs",
		Usage:     "find OAuth/AADSTS, certificate, EWS 401 and mail send errors in WHD's logs",
		UsageText: "whdctl diagnose logs PATH... [--since DATE] [--output text|json]",
		Description: "Streams the files (plain or gzip, UTF-8 or UTF-16, folders walked, hidden files skipped),\n" +
			"groups the errors by kind and code with counts, first and last time seen, and prints the\n" +
			"advice once per group. \"first:\" (JSON where/example) is the earliest occurrence by the\n" +
			"log's own time, whatever the order of the files; the first one read when no occurrence has\n" +
			"a time.\n" +
			"Memory stays small whatever the size. A progress bar is drawn on a terminal for large\n" +
			"inputs (never when stderr is piped).\n" +
			"--since keeps occurrences at or after a date (\"2024-04-20\", \"2024-04-20 09:00\") or an\n" +
			"age (7d, 36h), compared with the log's own times; a time without a UTC offset is this\n" +
			"machine's local time, as WHD writes it (for logs from a server in another zone, on Linux\n" +
			"or macOS set TZ: TZ=America/Chicago whdctl diagnose logs ...).\n" +
			"A line without a time (a stack trace line) has the time of the dated line above it and is\n" +
			"kept or dropped with it; lines with no dated line above them (a file without times) are\n" +
			"kept and counted as without a time (JSON undated).\n" +
			"Options may come before or after the paths.\n" +
			"Exit codes: 0 nothing found (also when no file was found: the report says so), 1 problems\n" +
			"found, 2 usage, 3 an input could not be read (the report of the rest is still printed) or\n" +
			"--timeout (default 30m) stopped the scan (the report of what was read is printed, marked\n" +
			"INCOMPLETE; JSON \"incomplete\": true).\n\n" +
			"Examples:\n" +
			"  whdctl diagnose logs /usr/local/webhelpdesk/log\n" +
			"  whdctl diagnose logs --since 7d /usr/local/webhelpdesk/log/catalina.out*\n" +
			"  whdctl diagnose logs 'C:\\Program Files\\WebHelpDesk\\log' --output json",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "since", Usage: "only occurrences at or after `DATE` (2024-04-20, \"2024-04-20 09:00\", 7d, 36h)"},
			durationFlag("timeout", 30*time.Minute, 0, "30m", "stop reading after this long (a duration: 30m, 2h)"),
			outputFlag(),
		},
		Action: func(c *cli.Context) error { return runDiagnoseLogs(c, e) },
	}
}

func runDiagnoseLogs(c *cli.Context, e *env) error {
	// Options after the paths ("whdctl diagnose logs DIR --output json").
	if ran, err := rerunWithFlagsFirst(c, e, "logs", false); ran {
		return err
	}
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	if c.NArg() == 0 {
		return usageErrorf("diagnose logs needs at least one file or folder, for example /usr/local/webhelpdesk/log")
	}
	var since time.Time
	if s := c.String("since"); c.IsSet("since") {
		if since, err = logscan.ParseSince(s, time.Now()); err != nil {
			return usageErrorf("%v", err)
		}
	}
	timeout := c.Duration("timeout") // checked by its flag
	ctx, cancel := context.WithTimeout(c.Context, timeout)
	defer cancel()
	rep, err := scanLogs(ctx, e, c.Args().Slice(), since, timeout)
	if err != nil && !rep.Incomplete {
		return err
	}
	// Stopped by the --timeout: the report of what was read is printed,
	// marked incomplete, and the exit code is still 3 (err).
	if format == "json" {
		if err := writeJSON(e.stdout, rep); err != nil {
			return runtimeErrorf("writing output: %v", err)
		}
	} else {
		printLogReport(newPainter(e, e.stdout), e.stdout, rep, c.Args().Slice())
	}
	if len(rep.Errors) > 0 {
		for _, fe := range rep.Errors {
			fmt.Fprintf(e.stderr, "whdctl: %s: %s\n", termSafe(fe.Path), termSafe(fe.Error))
		}
	}
	if err != nil {
		return err
	}
	if len(rep.Errors) > 0 {
		return runtimeErrorf("%d input(s) could not be read completely; the report covers the rest", len(rep.Errors))
	}
	if len(rep.Groups) > 0 {
		return silentExit(ExitFailed)
	}
	return nil
}

// rerunWithFlagsFirst lets options follow the arguments of `whdctl diagnose
// <sub>`. The flag parser stops at the first argument; the options written
// after the arguments are moved before them by flagsFirst, the helper
// validate uses for the same purpose, and the command runs again. ran is
// false when there was nothing to move (or "--" ended the options: what
// follows it is arguments). With freeText (aadsts), the arguments are
// words of a pasted error: nothing is moved unless one of them is an option
// of the command, and then a word that only looks like one ("--->") asks
// for the text to be quoted.
//
// flagsFirst lives with validate, which owns it; its messages are given the
// full command name here.
func rerunWithFlagsFirst(c *cli.Context, e *env, sub string, freeText bool) (ran bool, err error) {
	if c.NArg() == 0 || slices.Contains(e.args, "--") {
		return false, nil
	}
	if freeText {
		known := map[string]bool{"help": true, "h": true}
		for _, f := range c.Command.Flags {
			for _, n := range f.Names() {
				known[n] = true
			}
		}
		var option, stray string
		for _, a := range c.Args().Slice() {
			if len(a) < 2 || a[0] != '-' {
				continue
			}
			name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if known[name] {
				option = a
			} else if stray == "" {
				stray = a
			}
		}
		switch {
		case option == "":
			return false, nil
		case stray != "":
			return true, usageErrorf("diagnose %s: %q is not an option of this command; if it is part of the error text, quote the text: whdctl diagnose %s -o json 'AADSTS...'", sub, stray, sub)
		}
	}
	moved, ok, err := flagsFirst(c)
	if err != nil {
		// flagsFirst names the command by its own name (or validate's):
		// give the full one.
		if xe, isExit := err.(*exitError); isExit {
			msg := xe.msg
			for _, name := range []string{"validate", c.Command.Name} {
				if strings.HasPrefix(msg, name+": ") {
					msg = "diagnose " + sub + ": " + strings.TrimPrefix(msg, name+": ")
				}
				msg = strings.Replace(msg, "'whdctl "+name+" --help'", "'whdctl diagnose "+sub+" --help'", 1)
			}
			err = &exitError{code: xe.code, msg: msg}
		}
		return true, err
	}
	if !ok {
		return false, nil
	}
	return true, silentExit(run(append([]string{e.args[0], "diagnose", sub}, moved...), e))
}

// scanLogs expands paths and scans them, with a progress bar on a
// terminal when the input is large.
func scanLogs(ctx context.Context, e *env, paths []string, since time.Time, timeout time.Duration) (logscan.Report, error) {
	inputs, errs := logscan.Expand(paths)
	s := logscan.NewScanner(since)
	for _, fe := range errs {
		s.AddError(fe.Path, fmt.Errorf("%s", fe.Error))
	}
	var total int64
	for _, in := range inputs {
		total += in.Size
	}
	var onRead func(int64)
	if bar := newProgress(e, total); bar != nil {
		onRead = func(n int64) { _ = bar.Add64(n) }
		defer func() { _ = bar.Finish() }()
	}
	if err := scanAll(ctx, s, inputs, onRead); err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			rep := s.Report()
			rep.Incomplete = true
			rep.IncompleteReason = fmt.Sprintf("stopped after the --timeout (%s); %d file(s) and %s lines read", timeout, rep.Files, thousands(rep.Lines))
			return rep, runtimeErrorf("%s; the report covers only those (a longer --timeout reads the rest)", rep.IncompleteReason)
		}
		return s.Report(), runtimeErrorf("%v", err)
	}
	return s.Report(), nil
}

// scanAll is logscan.ScanAll; tests replace it to stop at a set point.
var scanAll = logscan.ScanAll

// newProgress returns a bar on stderr when it is a terminal and the input
// is large, else nil.
func newProgress(e *env, total int64) *progressbar.ProgressBar {
	f, ok := e.stderr.(*os.File)
	if !ok || total < progressMin || !isatty.IsTerminal(f.Fd()) || e.getenv("TERM") == "dumb" {
		return nil
	}
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("scanning logs"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30),
	)
}

func printLogReport(p painter, w io.Writer, r logscan.Report, paths []string) {
	if r.Incomplete {
		defer fmt.Fprintf(w, "%s %s; this report covers only what was read.\n", p.red("INCOMPLETE:"), r.IncompleteReason)
	}
	if r.Files == 0 {
		if r.Incomplete {
			return
		}
		if len(r.Errors) > 0 {
			fmt.Fprintf(w, "Read 0 files: none of the inputs could be read, so nothing was checked.\n")
			return
		}
		fmt.Fprintf(w, "Read 0 files: %s, so nothing was checked.\n%s\n", noLogFiles(paths), logFolderHint)
		return
	}
	fmt.Fprintf(w, "Read %d file(s), %s lines, %s.\n", r.Files, thousands(r.Lines), humanBytes(r.Bytes))
	if len(r.Groups) == 0 {
		if r.Incomplete {
			fmt.Fprintf(w, "No OAuth, certificate, 401 or mail send errors found in what was read.\n")
			return
		}
		fmt.Fprintf(w, "%s no OAuth, certificate, 401 or mail send errors found.\n", p.green("OK:"))
		return
	}
	for _, g := range r.Groups {
		fmt.Fprintln(w)
		when := ""
		if g.FirstSeen != "" {
			when = "  " + g.FirstSeen
			if g.LastSeen != g.FirstSeen {
				when += " .. " + g.LastSeen
			}
		}
		if g.Undated > 0 {
			when += fmt.Sprintf("  (%d without a time)", g.Undated)
		}
		fmt.Fprintf(w, "%s %s  x%d%s\n", p.red(string(g.Kind)), p.bold(g.Code), g.Count, when)
		fmt.Fprintf(w, "  %s\n", g.Summary)
		fmt.Fprintf(w, "  fix:   %s\n", g.Fix)
		fmt.Fprintf(w, "  first: %s\n", termSafe(g.Where))
		fmt.Fprintf(w, "  line:  %s\n", termSafe(g.Example))
	}
	fmt.Fprintf(w, "\n%s %d kind(s) of problem found.\n", p.red("FOUND:"), len(r.Groups))
}

// logFolderHint says where WHD keeps its logs.
const logFolderHint = "WHD writes its logs to <WHD home>/log (/usr/local/webhelpdesk/log on Linux, " +
	"C:\\Program Files\\WebHelpDesk\\log on Windows); give that folder, or the file or folder of WHD's application logs."

// noLogFiles says that paths held no file to read.
func noLogFiles(paths []string) string {
	return "no log files found in " + strings.Join(paths, ", ")
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
