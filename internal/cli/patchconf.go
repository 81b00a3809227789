package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"
	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/install"
	"github.com/whdctl/whdctl/patcher"
	"github.com/whdctl/whdctl/validate"
)

func init() { register(patchConfCommand) }

func patchConfCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "patch-conf",
		Usage:     "add the Microsoft 365 JVM settings to a WHD install (idempotent)",
		UsageText: "whdctl patch-conf (--whd-home DIR | --file PATH) [options]",
		Description: "Adds the five JVM properties of the vendor's Microsoft 365 procedure: numbered\n" +
			"wrapper.java.additional.<n> entries in bin/wrapper/conf/wrapper_template.conf (Windows),\n" +
			"or JAVA_OPTS in conf/whd.conf (Linux/macOS). Running it again changes nothing.\n\n" +
			"Examples:\n" +
			"  whdctl patch-conf --whd-home /usr/local/webhelpdesk --dry-run --diff\n" +
			"  whdctl patch-conf --file 'C:\\Program Files\\WebHelpDesk\\bin\\wrapper\\conf\\wrapper_template.conf'\n" +
			"  whdctl patch-conf --whd-home /usr/local/webhelpdesk --cloud gcch --output json\n" +
			"  whdctl patch-conf --file wrapper_template.conf --renumber   # after a refusal for a numbering gap",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "whd-home", Usage: "WHD home folder; the target is found by layout", EnvVars: []string{"WHDCTL_WHD_HOME"}},
			&cli.StringFlag{Name: "file", Usage: "the config file to patch (wrapper_template.conf or whd.conf)"},
			&cli.StringFlag{Name: "format", Usage: "force the file format: wrapper|whdconf (default: detect from name and content)"},
			&cli.StringFlag{Name: "cloud", Value: "global", DefaultText: "the cloud the file uses, else global", Usage: "Microsoft cloud: global|gcch|dod|china"},
			&cli.StringSliceFlag{Name: "set", Usage: "add or override a -D property: Name=Value (repeatable)"},
			&cli.StringSliceFlag{Name: "remove", Usage: "remove a -D property (repeatable); without --cloud or --set, only removes"},
			&cli.BoolFlag{Name: "renumber", Usage: "wrapper: renumber wrapper.java.additional.<n> contiguously from 1 (dead entries come alive), then patch"},
			&cli.BoolFlag{Name: "dedupe", Usage: "when a property is set in several live places (wrapper entries, whd.conf JAVA_OPTS), keep only the one the JVM uses"},
			&cli.BoolFlag{Name: "dry-run", Usage: "show what would change; write nothing"},
			&cli.BoolFlag{Name: "diff", Usage: "print a unified diff of the change"},
			&cli.BoolFlag{Name: "no-backup", Usage: "do not keep a copy of the original when changing it"},
			outputFlag(),
		},
		Action: func(c *cli.Context) error { return runPatchConf(c, e) },
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			uerr := usageErrorf("patch-conf: %v\nRun 'whdctl patch-conf --help' for usage.", err)
			if wantsPatchJSON(e.args) {
				// The contract: one JSON object on stdout for any failure,
				// flag errors found before the command runs included.
				writeJSON(e.stdout, patchFailure("", "", false, uerr))
			}
			return uerr
		},
	}
}

// wantsPatchJSON says whether the command line asks for JSON output, for
// errors the CLI library raises before the command runs (patch-conf's
// OnUsageError: the command is known).
func wantsPatchJSON(args []string) bool {
	for i, a := range args {
		switch {
		case a == "--output=json" || a == "-o=json" || a == "-output=json":
			return true
		case (a == "--output" || a == "-o" || a == "-output") && i+1 < len(args) && args[i+1] == "json":
			return true
		}
	}
	return false
}

func runPatchConf(c *cli.Context, e *env) error {
	out, err := outputFormat(c)
	if err != nil {
		return err
	}
	var path string
	var format patcher.Format
	// Every failure prints one JSON object with -o json, as success does.
	fail := func(err error) error {
		if out == "json" {
			f := format
			if f == "" && path != "" {
				// Refusals come from the plan: name the format it read.
				if _, src, _, rerr := patcher.ReadConfig(path); rerr == nil {
					f, _ = patcher.DetectFormat(path, src)
				}
			}
			writeJSON(e.stdout, patchFailure(path, f, c.Bool("dry-run"), err))
		}
		return err
	}
	if c.NArg() > 0 {
		return fail(usageErrorf("patch-conf takes no arguments (got %q); use --file PATH or --whd-home DIR", c.Args().First()))
	}
	req, notes, err := patchRequest(c)
	if err != nil {
		return fail(err)
	}
	path, format, targetNotes, err := patchTarget(c, e)
	if err != nil {
		return fail(err)
	}
	notes = append(notes, targetNotes...)
	if !c.IsSet("cloud") && len(c.StringSlice("remove")) == 0 {
		// Without --cloud, keep the cloud the install already uses: a
		// --set on a GCC High install must not turn it back to global.
		cloudReq, cloudNotes, err := keepInstallCloud(c, path, format, req)
		if err != nil {
			return fail(err)
		}
		req = cloudReq
		notes = append(notes, cloudNotes...)
	}
	if clouds := mixedClouds(req.Set); clouds != "" {
		// WHD302's error: nothing to write until the settings agree.
		cloud := "global"
		if c.IsSet("cloud") {
			cloud = c.String("cloud")
		}
		return fail(failedErrorf("the settings to write name hosts of different Microsoft clouds (%s): tokens of one cloud are not accepted by another, so sign-in or sending would fail. A --set value names another cloud's host than the %s settings: pass the --cloud of that host (global, gcch, dod or china) so that all five match, or drop that --set", clouds, cloud))
	}
	rep, err := patcher.Apply(path, req, patcher.ApplyOptions{
		Format: format, DryRun: c.Bool("dry-run"), NoBackup: c.Bool("no-backup"), Diff: c.Bool("diff") || out == "json",
		Verify: func(format patcher.Format, _, after []byte) error {
			return checkSetValues(path, format, after, req.Set)
		},
		OnWait: func() {
			fmt.Fprintf(e.stderr, "whdctl: waiting for another whdctl run on %s to finish...\n", filepath.Dir(path))
		},
	})
	if err != nil {
		return fail(patchError(err, path))
	}
	if req.Renumber && rep.Format == patcher.FormatWhdConf {
		notes = append(notes, "--renumber applies to wrapper_template.conf only; it has no effect on whd.conf")
	}
	rep.Warnings = append(notes, rep.Warnings...)
	if rep.Warnings == nil {
		rep.Warnings = []string{}
	}
	if out == "json" {
		return writeJSON(e.stdout, rep)
	}
	printPatchReport(newPainter(e, e.stdout), e.stdout, rep, c.Bool("diff"))
	return nil
}

// inclusive says that a wrapper file's settings include those of the
// files it #includes, where a value may come from.
func inclusive(format patcher.Format) string {
	if format == patcher.FormatWrapper {
		return " (with the files it #includes)"
	}
	return ""
}

// checkSetValues refuses --set values of the Microsoft 365 properties that
// validate calls an error (WHD301-WHD305: a URL Java cannot use, a scope
// without offline_access, IsGcchAzureAccount other than true or false...):
// patch-conf must not write what its own check fails. The file as it would
// be written is checked, so the value is judged as WHD would read it.
func checkSetValues(path string, format patcher.Format, after []byte, set []patcher.Property) error {
	var managed []string
	for _, p := range set {
		if contains(patcher.ManagedProperties, p.Name) {
			managed = append(managed, p.Name)
		}
	}
	if len(managed) == 0 {
		return nil
	}
	res, err := validate.Check(path, format, after, validate.Options{NoIgnore: true})
	if err != nil || res == nil {
		return nil // the file itself is refused or reported elsewhere
	}
	var bad []string
	for _, f := range res.Findings {
		if f.Severity != finding.Error || !strings.HasPrefix(f.Rule, "WHD30") {
			continue
		}
		for _, name := range managed {
			if strings.Contains(f.Message, name) {
				bad = append(bad, f.Rule+": "+f.Message)
				break
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return &patcher.InputError{Msg: "the --set values would leave settings that whdctl validate fails, so nothing was written:\n  " +
		strings.Join(bad, "\n  ") + "\ncorrect the --set value (whdctl explain " + strings.SplitN(bad[0], ":", 2)[0] + " shows the rule), or drop it to keep the vendor's value"}
}

// keepInstallCloud finds the cloud of the Microsoft 365 settings the file
// will hold (the values WHD gets now, with the --set values instead where
// given) and, when it is not the global cloud, takes that cloud's settings
// as the base of req instead of the global ones; --set values still win.
// Settings that name hosts of different clouds, or only the login host GCC
// High and DoD share, need --cloud: that is a refusal (exit 1). A file that
// cannot be read is left to the real run, which reports why.
func keepInstallCloud(c *cli.Context, path string, format patcher.Format, req patcher.Request) (patcher.Request, []string, error) {
	if !mayNameOtherCloud(path) {
		return req, nil, nil // the common case, without planning twice
	}
	values, err := patcher.CurrentValues(path, format)
	if err != nil {
		return req, nil, nil // the real run reports why
	}
	// What the file will hold for a property the request does not set
	// explicitly is what it holds now; a --set value is what it will be.
	// (patchRequest has already refused --set values that do not parse.)
	var sets []patcher.Property
	explicit := map[string]string{}
	for _, s := range c.StringSlice("set") {
		if p, err := patcher.ParseSet(s); err == nil {
			sets = append(sets, p)
			explicit[p.Name] = p.Value
		}
	}
	var current []string
	for _, name := range patcher.ManagedProperties {
		if !isCloudProperty(name) {
			continue
		}
		if v, ok := explicit[name]; ok {
			current = append(current, v)
		} else if v, ok := values[name]; ok {
			current = append(current, v)
		}
	}
	clouds, hosts := patcher.CloudsOfValues(current)
	switch {
	case len(hosts) == 0:
		return req, nil, nil
	case len(clouds) == 0:
		where := "the Microsoft 365 settings WHD gets from " + path + inclusive(format)
		if len(sets) > 0 {
			var named []string
			for _, p := range sets {
				if isCloudProperty(p.Name) {
					named = append(named, "--set "+p.Name)
				}
			}
			if len(named) > 0 {
				where = "the Microsoft 365 settings WHD gets from " + path + inclusive(format) + " with " + strings.Join(named, ", ")
			}
		}
		return req, nil, failedErrorf("%s name hosts of different clouds (%s): whdctl cannot tell which cloud to keep; pass --cloud global|gcch|dod|china", where, hostClouds(hosts))
	case len(clouds) > 1:
		names := make([]string, len(clouds))
		for i, cl := range clouds {
			names[i] = "--cloud " + cl.Name
		}
		return req, nil, failedErrorf("the Microsoft 365 settings WHD gets from %s%s name only %s, which serves several clouds: pass %s", path, inclusive(format), strings.Join(uniq(hosts), ", "), strings.Join(names, " or "))
	case clouds[0].Name == "global":
		return req, nil, nil
	}
	cloud := clouds[0]
	req.Set = patcher.Merge(cloud.Settings(), sets)
	notes := []string{fmt.Sprintf("keeping the cloud the file uses now: %s (from %s); pass --cloud to change it", cloud.Name, strings.Join(uniq(hosts), ", "))}
	if governmentCloud(cloud) {
		notes = append(notes, gcchNote)
	}
	return req, notes, nil
}

// mayNameOtherCloud is a quick look at the file's bytes: false when it
// names no host of a cloud other than the global one and includes no other
// file, so that the install's cloud can only be the global one.
func mayNameOtherCloud(path string) bool {
	_, b, _, err := patcher.ReadConfig(path) // never a FIFO or a device
	if err != nil {
		return true // CurrentValues fails too; the real run says why
	}
	low := bytes.ToLower(b)
	if bytes.Contains(low, []byte("#include")) {
		return true
	}
	for _, cl := range patcher.Clouds {
		if cl.Name == "global" {
			continue
		}
		for _, h := range []string{cl.EWSHost, cl.LoginHost, cl.GraphHost} {
			if bytes.Contains(low, []byte(h)) {
				return true
			}
		}
	}
	return false
}

// isCloudProperty says whether a property's value names a cloud's host.
func isCloudProperty(name string) bool {
	switch name {
	case patcher.PropExchangeServiceURL, patcher.PropAzureTokenURL, patcher.PropAzureAuthorizationURL, patcher.PropAzureAuthorizationScope:
		return true
	}
	return false
}

// hostClouds names each host with its clouds: "outlook.office365.com
// (global), login.microsoftonline.us (gcch/dod)".
func hostClouds(hosts []string) string {
	var parts []string
	for _, h := range uniq(hosts) {
		var names []string
		for _, c := range patcher.CloudsOfHost(h) {
			names = append(names, c.Name)
		}
		parts = append(parts, h+" ("+strings.Join(names, "/")+")")
	}
	return strings.Join(parts, ", ")
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// patchFailure is the JSON printed on stdout when patch-conf fails, so that
// scripts always get one object.
func patchFailure(path string, format patcher.Format, dryRun bool, err error) any {
	kind := "io"
	var xe *exitError
	if errors.As(err, &xe) {
		switch xe.code {
		case ExitFailed:
			kind = "refused"
		case ExitUsage:
			kind = "usage"
		}
	}
	// The keys of a report, in its order, then the error.
	return struct {
		patcher.Report
		Error map[string]string `json:"error"`
	}{
		Report: patcher.Report{File: path, Format: format, DryRun: dryRun, Actions: []patcher.Action{}, Warnings: []string{}},
		Error:  map[string]string{"kind": kind, "message": err.Error()},
	}
}

// gcchNote is the vendor's caveat for GCC High and Azure Government, of
// which DoD is a part.
const gcchNote = "the vendor's page says outgoing Microsoft 365 mail is not supported for GCC High / Azure Government tenants"

func governmentCloud(c patcher.Cloud) bool { return c.Name == "gcch" || c.Name == "dod" }

func patchRequest(c *cli.Context) (patcher.Request, []string, error) {
	var notes []string
	req := patcher.Request{Renumber: c.Bool("renumber"), Dedupe: c.Bool("dedupe")}
	cloud, err := patcher.CloudByName(c.String("cloud"))
	if err != nil {
		return req, nil, usageErrorf("--cloud: %v", err)
	}
	if governmentCloud(cloud) {
		notes = append(notes, gcchNote)
	}
	var sets []patcher.Property
	for _, s := range c.StringSlice("set") {
		p, err := patcher.ParseSet(s)
		if err != nil {
			return req, nil, usageErrorf("%v", err)
		}
		if err := checkKnownName(p.Name); err != nil {
			return req, nil, err
		}
		for _, q := range sets {
			if q.Name == p.Name && q.Value != p.Value {
				return req, nil, usageErrorf("--set %s is given twice with different values (%s and %s); give it once", p.Name, q.Value, p.Value)
			}
		}
		sets = append(sets, p)
	}
	removes := c.StringSlice("remove")
	for _, r := range removes {
		if err := patcher.ValidateName(strings.TrimPrefix(r, "-D")); err != nil {
			return req, nil, usageErrorf("--remove %s: %v", r, err)
		}
		if err := checkKnownName(strings.TrimPrefix(r, "-D")); err != nil {
			return req, nil, err
		}
		name := strings.TrimPrefix(r, "-D")
		for _, s := range sets {
			if s.Name == name {
				return req, nil, usageErrorf("%s is both in --set and --remove; choose one", name)
			}
		}
		req.Remove = append(req.Remove, name)
	}
	var base []patcher.Property
	if len(removes) == 0 || c.IsSet("cloud") {
		for _, p := range cloud.Settings() {
			if !contains(req.Remove, p.Name) {
				base = append(base, p)
			}
		}
	}
	req.Set = patcher.Merge(base, sets)
	return req, notes, nil
}

// mixedClouds names the hosts, when the settings' URLs and scope name hosts
// that no one cloud holds together ("" when they agree).
func mixedClouds(props []patcher.Property) string {
	var values []string
	for _, p := range props {
		if isCloudProperty(p.Name) {
			values = append(values, p.Value)
		}
	}
	clouds, hosts := patcher.CloudsOfValues(values)
	if len(hosts) == 0 || len(clouds) > 0 {
		return ""
	}
	return hostClouds(hosts)
}

// checkKnownName catches a managed property written with the wrong case or a
// small typo: Java property names are case-sensitive and WHD would not read it.
func checkKnownName(name string) error {
	for _, m := range patcher.ManagedProperties {
		if name == m {
			return nil
		}
	}
	for _, m := range patcher.ManagedProperties {
		if strings.EqualFold(name, m) || editDistance(strings.ToLower(name), strings.ToLower(m)) <= 2 {
			return usageErrorf("unknown property %q: did you mean %s? (names are case-sensitive; WHD reads only the exact name)", name, m)
		}
	}
	return nil
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fileNotes warns when --file names a file of a Windows install that WHD
// does not take its JVM settings from: its whd.conf (bash never sources it
// there) or wrapper.conf (the vendor's procedure edits the template).
func fileNotes(file string) []string {
	dir, base := filepath.Dir(file), filepath.Base(file)
	exists := func(p string) bool { st, err := os.Stat(p); return err == nil && st.Mode().IsRegular() }
	switch {
	case base == "whd.conf" && filepath.Base(dir) == "conf":
		if t := filepath.Join(dir, "..", filepath.FromSlash(install.WrapperTemplatePath)); exists(t) {
			return []string{fmt.Sprintf("this install runs on Windows (%s exists), where Java takes its options from that template, not from JAVA_OPTS in whd.conf: "+
				"a change here does not reach WHD; patch the template instead (whdctl patch-conf --whd-home %s)", filepath.Clean(t), filepath.Clean(filepath.Join(dir, "..")))}
		}
	case strings.EqualFold(base, "wrapper.conf"):
		if t := filepath.Join(dir, "wrapper_template.conf"); exists(t) {
			return []string{fmt.Sprintf("%s is beside this file; the vendor's procedure edits the template, not wrapper.conf: patch the template unless you know WHD starts from this file", filepath.Clean(t))}
		}
	}
	return nil
}

func patchTarget(c *cli.Context, e *env) (string, patcher.Format, []string, error) {
	var format patcher.Format
	switch f := strings.ToLower(strings.TrimSpace(c.String("format"))); f {
	case "":
	case "wrapper", "whdconf":
		format = patcher.Format(f)
	default:
		return "", "", nil, usageErrorf("--format %q: want wrapper or whdconf", f)
	}
	file, home := c.String("file"), c.String("whd-home")
	fromEnv := home != "" && home == e.getenv("WHDCTL_WHD_HOME") && !flagOnCommandLine(e.args, "whd-home")
	switch {
	case file != "" && home != "" && !fromEnv:
		return "", "", nil, usageErrorf("use either --file or --whd-home, not both")
	case file != "":
		return file, format, fileNotes(file), nil
	case home != "":
		in, err := install.Detect(home)
		if err != nil {
			return "", "", nil, runtimeErrorf("%v", err)
		}
		target, tf := in.PatchTarget()
		if format != "" && format != tf {
			return "", "", nil, usageErrorf("--format %s does not match %s in %s (a %s file)", format, target, home, tf)
		}
		return target, tf, in.Notes(), nil
	}
	return "", "", nil, usageErrorf("patch-conf needs --whd-home DIR or --file PATH")
}

// flagOnCommandLine reports whether --name was typed (not only taken from
// its environment variable).
func flagOnCommandLine(args []string, name string) bool {
	for _, a := range args {
		if a == "--"+name || a == "-"+name || strings.HasPrefix(a, "--"+name+"=") || strings.HasPrefix(a, "-"+name+"=") {
			return true
		}
	}
	return false
}

func patchError(err error, path string) error {
	var ref *patcher.RefusalError
	var inp *patcher.InputError
	var perr *patcher.ParseError
	var ioe *patcher.IOError
	switch {
	case errors.As(err, &ref):
		return failedErrorf("refused: %v", err)
	case errors.As(err, &inp):
		return usageErrorf("%v", err)
	case errors.As(err, &perr) && perr.Syntax:
		return failedErrorf("%s: %v", path, err)
	case errors.As(err, &perr):
		return runtimeErrorf("cannot read %s: %v", path, err)
	case errors.As(err, &ioe):
		return runtimeErrorf("%v", err)
	}
	return runtimeErrorf("%v", err)
}

func printPatchReport(p painter, w io.Writer, rep *patcher.Report, diff bool) {
	fmt.Fprintf(w, "%s (%s)\n", rep.File, rep.Format)
	for _, a := range rep.Actions {
		var verb string
		switch a.Action {
		case patcher.ActionAdded:
			verb = p.green("added    ")
		case patcher.ActionUpdated:
			verb = p.yellow("updated  ")
		case patcher.ActionRemoved:
			verb = p.red("removed  ")
		case patcher.ActionAbsent:
			verb = "absent   "
		default:
			verb = "unchanged"
		}
		where := a.Key
		switch {
		case a.File != "":
			where = fmt.Sprintf("%s (%s line %d, included)", a.Key, a.File, a.Line)
		case a.Line > 0:
			where = fmt.Sprintf("%s (line %d)", a.Key, a.Line)
		}
		switch a.Action {
		case patcher.ActionUpdated:
			fmt.Fprintf(w, "  %s %s: %s -> %s  %s\n", verb, a.Property, a.OldValue, a.NewValue, where)
		case patcher.ActionRemoved:
			fmt.Fprintf(w, "  %s %s: %s  %s\n", verb, a.Property, a.OldValue, where)
		case patcher.ActionAdded:
			fmt.Fprintf(w, "  %s %s=%s  %s\n", verb, a.Property, a.NewValue, where)
		case patcher.ActionAbsent:
			fmt.Fprintf(w, "  %s %s  not set in the file: nothing to remove\n", verb, a.Property)
		default:
			fmt.Fprintf(w, "  %s %s  %s\n", verb, a.Property, where)
		}
	}
	for _, wmsg := range rep.Warnings {
		fmt.Fprintf(w, "  %s %s\n", p.yellow("note:"), wmsg)
	}
	if diff && rep.Diff != "" {
		fmt.Fprint(w, rep.Diff)
	}
	switch {
	case !rep.Changed:
		fmt.Fprintln(w, "no change: nothing to write")
	case rep.DryRun:
		fmt.Fprintln(w, "dry run: nothing written")
	default:
		msg := "written"
		if rep.BackupFile != "" {
			msg += "; original kept as " + rep.BackupFile
		}
		fmt.Fprintln(w, p.green(msg)+"; restart WHD for the change to take effect")
	}
}
