package cli

import (
	"context"
	"fmt"
	"io"
	"os"
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
		Description: "Streams the files (plain or gzip, folders walked, hidden files skipped), groups the\n" +
			"errors by kind and code with counts, first and last time seen, and prints the advice once\n" +
			"per group. Memory stays small whatever the size. A progress bar is drawn on a terminal\n" +
			"for large inputs (never when stderr is piped).\n" +
			"--since keeps occurrences at or after a date (\"2024-04-20\", \"2024-04-20 09:00\") or an\n" +
			"age (7d, 36h), compared with the log's own (local) times.\n" +
			"Exit codes: 0 nothing found, 1 problems found, 2 usage, 3 an input could not be read\n" +
			"(the report of the rest is still printed).\n\n" +
			"Examples:\n" +
			"  whdctl diagnose logs /usr/local/webhelpdesk/log\n" +
			"  whdctl diagnose logs --since 7d /usr/local/webhelpdesk/log/catalina.out*\n" +
			"  whdctl diagnose logs 'C:\\Program Files\\WebHelpDesk\\log' --output json",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "since", Usage: "only occurrences at or after `DATE` (2024-04-20, \"2024-04-20 09:00\", 7d, 36h)"},
			&cli.DurationFlag{Name: "timeout", Value: 30 * time.Minute, Usage: "stop reading after this long"},
			outputFlag(),
		},
		Action: func(c *cli.Context) error { return runDiagnoseLogs(c, e) },
	}
}

func runDiagnoseLogs(c *cli.Context, e *env) error {
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	if c.NArg() == 0 {
		return usageErrorf("diagnose logs needs at least one file or folder, for example /usr/local/webhelpdesk/log")
	}
	for _, a := range c.Args().Slice() {
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			if _, err := os.Stat(a); err != nil {
				return usageErrorf("%q after a path: put options before the paths, e.g. whdctl diagnose logs --since 7d /usr/local/webhelpdesk/log", a)
			}
		}
	}
	var since time.Time
	if s := c.String("since"); c.IsSet("since") {
		if since, err = logscan.ParseSince(s, time.Now()); err != nil {
			return usageErrorf("%v", err)
		}
	}
	timeout := c.Duration("timeout")
	if timeout <= 0 {
		return usageErrorf("--timeout %s: want a positive duration such as 30m", timeout)
	}
	ctx, cancel := context.WithTimeout(c.Context, timeout)
	defer cancel()
	rep, err := scanLogs(ctx, e, c.Args().Slice(), since)
	if err != nil {
		return err
	}
	if format == "json" {
		if err := writeJSON(e.stdout, rep); err != nil {
			return runtimeErrorf("writing output: %v", err)
		}
	} else {
		printLogReport(newPainter(e, e.stdout), e.stdout, rep)
	}
	if len(rep.Errors) > 0 {
		for _, fe := range rep.Errors {
			fmt.Fprintf(e.stderr, "whdctl: %s: %s\n", fe.Path, fe.Error)
		}
		return runtimeErrorf("%d input(s) could not be read completely; the report covers the rest", len(rep.Errors))
	}
	if len(rep.Groups) > 0 {
		return silentExit(ExitFailed)
	}
	return nil
}

// scanLogs expands paths and scans them, with a progress bar on a
// terminal when the input is large.
func scanLogs(ctx context.Context, e *env, paths []string, since time.Time) (logscan.Report, error) {
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
	if err := logscan.ScanAll(ctx, s, inputs, onRead); err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return s.Report(), runtimeErrorf("stopped after the --timeout; %d file(s) and %d lines read", s.Report().Files, s.Report().Lines)
		}
		return s.Report(), runtimeErrorf("%v", err)
	}
	return s.Report(), nil
}

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

func printLogReport(p painter, w io.Writer, r logscan.Report) {
	fmt.Fprintf(w, "Read %d file(s), %s lines, %s.\n", r.Files, thousands(r.Lines), humanBytes(r.Bytes))
	if len(r.Groups) == 0 {
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
		fmt.Fprintf(w, "%s %s  x%d%s\n", p.red(string(g.Kind)), p.bold(g.Code), g.Count, when)
		fmt.Fprintf(w, "  %s\n", g.Summary)
		fmt.Fprintf(w, "  fix:   %s\n", g.Fix)
		fmt.Fprintf(w, "  first: %s\n", g.Where)
		fmt.Fprintf(w, "  line:  %s\n", g.Example)
	}
	fmt.Fprintf(w, "\n%s %d kind(s) of problem found.\n", p.red("FOUND:"), len(r.Groups))
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
