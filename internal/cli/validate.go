package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"
	"github.com/urfave/cli/v2"

	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/install"
	"github.com/whdctl/whdctl/patcher"
	"github.com/whdctl/whdctl/validate"
)

func init() { register(validateCommand) }

var validateOutputs = []string{"auto", "text", "json", "sarif", "github"}

func validateCommand(e *env) *cli.Command {
	out := outputFlag(validateOutputs...)
	out.Usage += " (auto: github when GITHUB_ACTIONS=true, else text)"
	return &cli.Command{
		Name:      "validate",
		Usage:     "check wrapper_template.conf and whd.conf for what would break WHD at its next start",
		UsageText: "whdctl validate [options] [FILE...]\n   whdctl validate --format wrapper|whdconf [options] -   (the file on standard input)",
		Description: "Checks WHD config files with stable rules (see 'whdctl explain' for the list and a page\n" +
			"per rule): bin/wrapper/conf/wrapper_template.conf read as the Java Service Wrapper reads\n" +
			"it, conf/whd.conf read as bash sources it, the Microsoft 365 settings in either, and the\n" +
			"mail engine's \"Additional properties\" (--mail-properties). Files are recognised by name,\n" +
			"then by content; --format forces one. '-' reads one file from standard input (with\n" +
			"--format; findings name it <stdin>). Without FILE, --whd-home or --mail-properties, the\n" +
			"install named by WHDCTL_WHD_HOME is checked; FILE arguments win over it.\n\n" +
			"Suppress a finding with a comment on the line above it, with the reason:\n" +
			"  # whdctl:ignore WHD205 our monitoring reads STARTED\n" +
			"In the comment block at the top of a file (first 10 lines) it applies to the whole file.\n\n" +
			"Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage,\n" +
			"3 a file could not be read (the others are still checked and reported).\n\n" +
			"Examples:\n" +
			"  whdctl validate --whd-home /usr/local/webhelpdesk\n" +
			"  whdctl validate site1/wrapper_template.conf site2/whd.conf --output sarif > whdctl.sarif\n" +
			"  whdctl validate --whd-home 'C:\\Program Files\\WebHelpDesk' --fail-on warning\n" +
			"  whdctl validate --mail-properties 'mail.smtp.ehlo=false; mail.smtp.userset=true'",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "whd-home", Usage: "validate the config files of the WHD install in `DIR` (default: $WHDCTL_WHD_HOME when no FILE is given)"},
			&cli.StringFlag{Name: "format", Usage: "force the format of the FILE arguments: wrapper|whdconf (default: by name, then content)"},
			out,
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest severity that makes the exit code 1: error|warning|info|never"},
			&cli.StringFlag{Name: "mail-properties", Usage: "check the mail engine's \"Additional properties\" `TEXT` (WHD501)"},
			&cli.StringFlag{Name: "mail-properties-file", Usage: "check the \"Additional properties\" text in `FILE` (WHD501)"},
			&cli.BoolFlag{Name: "no-ignore", Usage: "report every finding, ignoring whdctl:ignore comments"},
			&cli.IntFlag{Name: "jobs", Usage: "files checked at the same time (default: the number of CPUs)"},
		},
		Action: func(c *cli.Context) error { return runValidate(c, e) },
	}
}

// validateReport is the JSON output. The keys are part of the interface.
type validateReport struct {
	Files      int                  `json:"files"`
	Findings   []finding.Finding    `json:"findings"`
	Errors     []validate.FileError `json:"errors"`
	Suppressed int                  `json:"suppressed"`
}

func runValidate(c *cli.Context, e *env) error {
	// The flag parser stops at the first FILE; flags written after the files
	// ("whdctl validate a.conf b.conf --output sarif", as CI steps often do)
	// are moved before them and the command runs again.
	if moved, ok, err := flagsFirst(c); err != nil {
		return err
	} else if ok {
		return silentExit(run(append([]string{"whdctl", c.Command.Name}, moved...), e))
	}
	output := strings.ToLower(strings.TrimSpace(c.String("output")))
	if output == "auto" {
		output = "text"
		if e.getenv("GITHUB_ACTIONS") == "true" {
			output = "github"
		}
	}
	if _, err := outputFormat(c, validateOutputs...); err != nil {
		return err
	}
	failOn := strings.ToLower(strings.TrimSpace(c.String("fail-on")))
	var threshold finding.Severity
	if failOn != "never" {
		s, err := finding.ParseSeverity(failOn)
		if err != nil {
			return usageErrorf("--fail-on %q: want error, warning, info or never", failOn)
		}
		threshold = s
	}
	var format patcher.Format
	switch f := strings.ToLower(strings.TrimSpace(c.String("format"))); f {
	case "":
	case string(patcher.FormatWrapper), string(patcher.FormatWhdConf):
		format = patcher.Format(f)
	default:
		return usageErrorf("--format %q: want wrapper or whdconf", f)
	}
	if c.Int("jobs") < 0 {
		return usageErrorf("--jobs %d: want 1 or more (0: the number of CPUs)", c.Int("jobs"))
	}
	if c.IsSet("mail-properties-file") && strings.TrimSpace(c.String("mail-properties-file")) == "" {
		return usageErrorf("--mail-properties-file is empty: give the path of a file holding the \"Additional properties\" text")
	}
	if c.IsSet("mail-properties") && strings.TrimSpace(c.String("mail-properties")) == "" {
		return usageErrorf("--mail-properties is empty: give the \"Additional properties\" text of the mail account (Setup > Email > Outgoing Mail Accounts), for example 'mail.smtp.ehlo=false'")
	}
	if c.IsSet("mail-properties") && c.IsSet("mail-properties-file") {
		return usageErrorf("--mail-properties and --mail-properties-file are exclusive: give the text one way")
	}
	home, homeFrom := c.String("whd-home"), "--whd-home"
	nothingNamed := c.NArg() == 0 && home == "" && !c.IsSet("mail-properties") && !c.IsSet("mail-properties-file")
	if nothingNamed {
		// Like patch-conf and diagnose; FILE arguments (and the other
		// inputs) win over it.
		if h := e.getenv("WHDCTL_WHD_HOME"); h != "" {
			home, homeFrom = h, "WHDCTL_WHD_HOME"
		} else {
			return usageErrorf("validate needs FILE arguments, --whd-home DIR (or WHDCTL_WHD_HOME), or --mail-properties TEXT\nRun 'whdctl validate --help' for usage.")
		}
	}

	var inputs []validate.Input
	var homeErr *validate.FileError
	seen := map[string]bool{}
	addInput := func(in validate.Input) {
		key := filepath.Clean(in.Path)
		if !seen[key] {
			seen[key] = true
			inputs = append(inputs, in)
		}
	}
	if home != "" {
		if in, err := detectHome(home, homeFrom); err != nil {
			homeErr = err
		} else {
			for _, i := range validate.InstallInputs(in) {
				addInput(i)
			}
		}
	}
	stdinUsed := false
	for _, p := range c.Args().Slice() {
		if p == "" {
			return usageErrorf("an empty FILE argument")
		}
		if isStdin(p) {
			in, err := stdinInput(e, p, format, stdinUsed)
			if err != nil {
				return err
			}
			stdinUsed = true
			inputs = append(inputs, in)
			continue
		}
		addInput(validate.Input{Path: p, Format: format})
	}

	res := validate.Files(context.Background(), inputs, validate.Options{NoIgnore: c.Bool("no-ignore"), Workers: c.Int("jobs")})
	if homeErr != nil {
		res.Errors = append([]validate.FileError{*homeErr}, res.Errors...)
	}
	switch {
	case c.IsSet("mail-properties"):
		res.Findings = append(res.Findings, validate.MailProperties("", c.String("mail-properties"))...)
	case c.IsSet("mail-properties-file"):
		p := c.String("mail-properties-file")
		if _, src, _, err := patcher.ReadConfig(p); err != nil {
			res.Errors = append(res.Errors, validate.FileError{File: p, Message: strings.TrimPrefix(err.Error(), p+": ")})
		} else if strings.TrimSpace(strings.TrimPrefix(string(src), "\ufeff")) == "" {
			res.Errors = append(res.Errors, validate.FileError{File: p, Message: "is empty: put the \"Additional properties\" text of the mail account in it (Setup > Email > Outgoing Mail Accounts)"})
		} else {
			res.Files++
			res.Findings = append(res.Findings, validate.MailProperties(p, string(src))...)
		}
	}
	finding.Sort(res.Findings)

	var err error
	switch output {
	case "json":
		err = writeJSON(e.stdout, validateReport{Files: res.Files, Findings: res.Findings, Errors: res.Errors, Suppressed: res.Suppressed})
	case "sarif":
		err = writeSARIF(e.stdout, res)
	case "github":
		writeGitHub(e.stdout, res)
	default:
		p := newPainter(e, e.stdout)
		printFindings(p, e.stdout, res.Findings)
		fmt.Fprintln(e.stdout, validateSummary(res))
	}
	if err != nil {
		return runtimeErrorf("writing the report: %v", err)
	}
	if output != "github" {
		for _, fe := range res.Errors {
			fmt.Fprintf(e.stderr, "whdctl: %s: %s\n", fe.File, fe.Message)
		}
	}
	return silentExit(validateExitCode(res, threshold))
}

// flagsFirst returns the command's arguments with the flags that follow a
// FILE (or another argument) moved before them (ok false when there are
// none). A lone "-" is an argument (stdin), not a flag.
func flagsFirst(c *cli.Context) (args []string, ok bool, err error) {
	cmd := c.Command.Name
	rest := c.Args().Slice()
	takesValue := map[string]bool{}
	for _, f := range c.Command.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, files []string
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if len(a) < 2 || a[0] != '-' {
			files = append(files, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "help" || name == "h" {
			return []string{"--help"}, true, nil
		}
		val, known := takesValue[name]
		if !known {
			return nil, false, usageErrorf("%s: flag provided but not defined: %s\nRun 'whdctl %s --help' for usage (a file whose name starts with '-' can be written ./%s).", cmd, a, cmd, a)
		}
		flags = append(flags, a)
		if val && !hasValue {
			if i+1 >= len(rest) {
				return nil, false, usageErrorf("%s: flag needs an argument: %s", cmd, a)
			}
			i++
			flags = append(flags, rest[i])
		}
	}
	if len(flags) == 0 {
		return nil, false, nil
	}
	for _, f := range c.Command.Flags {
		for _, n := range f.Names() {
			if !c.IsSet(n) {
				continue
			}
			dash := "--"
			if len(n) == 1 {
				dash = "-"
			}
			if _, isBool := f.(*cli.BoolFlag); isBool {
				args = append(args, dash+n)
				break
			}
			for _, v := range flagTexts(c, f, n) {
				args = append(args, dash+n+"="+v)
			}
			break
		}
	}
	args = append(append(args, flags...), files...)
	return args, true, nil
}

// flagTexts is how the value of a parsed flag that takes one is written
// again on a command line: one value per use (an empty value too).
// c.Value panics for a flag whose value has no Get method (durationFlag's),
// so each kind is read as itself.
func flagTexts(c *cli.Context, f cli.Flag, n string) []string {
	switch f.(type) {
	case *cli.DurationFlag:
		return []string{c.Duration(n).String()}
	case *cli.StringSliceFlag:
		return c.StringSlice(n)
	case *cli.IntFlag:
		return []string{strconv.Itoa(c.Int(n))}
	case *cli.StringFlag:
		return []string{c.String(n)}
	case *cli.GenericFlag:
		// durationFlag and the like: their String is what was typed.
		if g, ok := c.Generic(n).(fmt.Stringer); ok {
			return []string{g.String()}
		}
	}
	return []string{fmt.Sprint(c.Value(n))}
}

// stdinName is how findings name a file read from standard input.
const stdinName = "<stdin>"

// isStdin reports an argument that means standard input: "-", or a name of
// it that the system gives (which whdctl reads as "-" rather than through
// /proc, where it is a pipe or a terminal, not a file).
func isStdin(p string) bool {
	switch p {
	case "-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0":
		return true
	}
	return false
}

// stdinInput reads the config file on standard input.
func stdinInput(e *env, arg string, format patcher.Format, used bool) (validate.Input, error) {
	if used {
		if arg == "-" {
			return validate.Input{}, usageErrorf("standard input can be read once: give '-' one time")
		}
		return validate.Input{}, usageErrorf("standard input can be read once: give '-' (or %s) one time", arg)
	}
	if format == "" {
		return validate.Input{}, usageErrorf("reading a config file from standard input (%s) needs --format wrapper or --format whdconf: a file name cannot tell which it is", arg)
	}
	b, err := io.ReadAll(io.LimitReader(e.stdin, patcher.MaxFileSize+1))
	if err != nil {
		return validate.Input{}, runtimeErrorf("reading standard input: %v", err)
	}
	if b == nil {
		b = []byte{}
	}
	return validate.Input{Path: stdinName, Format: format, Data: b}, nil
}

// detectHome finds the config files of the install at home; from names
// where it comes from (--whd-home or WHDCTL_WHD_HOME).
func detectHome(home, from string) (*install.Install, *validate.FileError) {
	st, err := os.Stat(home)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &validate.FileError{File: home, Message: "no such folder: give " + from + " the WHD home folder (for example /usr/local/webhelpdesk)"}
	case err != nil:
		return nil, &validate.FileError{File: home, Message: err.Error()}
	case !st.IsDir():
		return nil, &validate.FileError{File: home, Message: "is not a folder: give config files as arguments, and " + from + " the WHD home folder"}
	}
	in, err := install.Detect(home)
	if err != nil {
		return nil, &validate.FileError{File: home, Message: strings.TrimPrefix(err.Error(), home+" ")}
	}
	return in, nil
}

// validateExitCode: 3 when a file could not be read, 1 when a finding is at
// or above the threshold ("" = never), else 0.
func validateExitCode(res *validate.Result, threshold finding.Severity) int {
	if len(res.Errors) > 0 {
		return ExitRuntime
	}
	if threshold != "" {
		for _, f := range res.Findings {
			if f.Severity.Rank() >= threshold.Rank() {
				return ExitFailed
			}
		}
	}
	return ExitOK
}

func validateSummary(res *validate.Result) string {
	var n [4]int
	for _, f := range res.Findings {
		n[f.Severity.Rank()]++
	}
	var parts []string
	for _, x := range []struct {
		n         int
		one, many string
	}{{n[3], "error", "errors"}, {n[2], "warning", "warnings"}, {n[1], "info", "info"}} {
		if x.n == 1 {
			parts = append(parts, "1 "+x.one)
		} else if x.n > 1 {
			parts = append(parts, fmt.Sprintf("%d %s", x.n, x.many))
		}
	}
	s := fmt.Sprintf("%d %s checked", res.Files, pluralWord(res.Files, "file", "files"))
	switch {
	case len(parts) > 0:
		s += ": " + strings.Join(parts, ", ")
	case len(res.Errors) == 0:
		s += ": no problems found"
	}
	if res.Suppressed > 0 {
		s += fmt.Sprintf(" (%d suppressed)", res.Suppressed)
	}
	if len(res.Errors) > 0 {
		s += fmt.Sprintf("; %d %s could not be read", len(res.Errors), pluralWord(len(res.Errors), "file", "files"))
	}
	return s
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ---- GitHub workflow commands ----

// writeGitHub prints one workflow command per finding, which GitHub Actions
// shows as an annotation on the file and line.
func writeGitHub(w io.Writer, res *validate.Result) {
	for _, f := range res.Findings {
		level := map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning"}[f.Severity]
		if level == "" {
			level = "notice"
		}
		title := f.Rule
		if r, ok := validate.Lookup(f.Rule); ok {
			title += " " + r.Title
		}
		var props []string
		if f.File != "" {
			props = append(props, "file="+ghProperty(filepath.ToSlash(f.File)))
			if f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Line))
				if f.Column > 0 {
					props = append(props, fmt.Sprintf("col=%d", f.Column))
				}
			}
		}
		props = append(props, "title="+ghProperty(title))
		msg := f.Message
		if f.Fix != "" {
			msg += "\nFix: " + f.Fix
		}
		fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(msg))
	}
	for _, fe := range res.Errors {
		fmt.Fprintf(w, "::error file=%s,title=%s::%s\n", ghProperty(filepath.ToSlash(fe.File)), ghProperty("whdctl could not check this file"), ghData(fe.File+": "+fe.Message))
	}
	fmt.Fprintln(w, validateSummary(res))
}

// ghData escapes the message of a workflow command.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a property value of a workflow command.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// ---- SARIF 2.1.0 ----

// sarifLevel maps a severity to a SARIF result level.
func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

// sarifURI turns a path into an artifact URI: relative paths stay relative
// (code scanning resolves them against the repository root), absolute ones
// become file:// URIs.
func sarifURI(p string) string {
	if filepath.IsAbs(p) {
		s := filepath.ToSlash(p)
		if !strings.HasPrefix(s, "/") {
			s = "/" + s // C:/x
		}
		return (&url.URL{Scheme: "file", Path: s}).String()
	}
	return (&url.URL{Path: filepath.ToSlash(p)}).String()
}

func writeSARIF(w io.Writer, res *validate.Result) error {
	rep, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	run := sarif.NewRunWithInformationURI("whdctl", "https://github.com/whdctl/whdctl")
	run.Tool.Driver.WithVersion(Version)
	run.WithColumnKind("unicodeCodePoints")
	for _, r := range validate.Rules() {
		run.AddRule(r.ID).
			WithName(r.Name).
			WithShortDescription(sarif.NewMultiformatMessageString(r.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString(strings.ReplaceAll(r.Detects, "\n", " "))).
			WithHelp(sarif.NewMultiformatMessageString(r.Page()).WithMarkdown(r.Markdown())).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity))).
			WithProperties(sarif.Properties{"scope": string(r.Scope)})
	}
	for _, f := range res.Findings {
		msg := f.Message
		if f.Fix != "" {
			msg += ". Fix: " + f.Fix
		}
		result := sarif.NewRuleResult(f.Rule).WithLevel(sarifLevel(f.Severity)).WithMessage(sarif.NewTextMessage(msg))
		if f.File != "" {
			pl := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(sarifURI(f.File)))
			if f.Line > 0 {
				region := sarif.NewRegion().WithStartLine(f.Line)
				if f.Column > 0 {
					region.WithStartColumn(f.Column)
				}
				pl.WithRegion(region)
			}
			result.AddLocation(sarif.NewLocationWithPhysicalLocation(pl))
		}
		run.AddResult(result)
	}
	inv := sarif.NewInvocation().WithExecutionSuccess(len(res.Errors) == 0)
	for _, fe := range res.Errors {
		n := sarif.NewNotification().WithLevel("error").WithTextMessage(fe.File + ": " + fe.Message)
		n.AddLocation(sarif.NewLocationWithPhysicalLocation(
			sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(sarifURI(fe.File)))))
		inv.AddTToolExecutionNotification(n)
	}
	run.AddInvocations(inv)
	rep.AddRun(run)
	if err := rep.PrettyWrite(w); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}
