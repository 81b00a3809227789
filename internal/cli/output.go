package cli

import (
	"encoding/json"
	"io"
	"os"
	"strings"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"
)

// outputFlag is the --output flag shared by every command.
func outputFlag(allowed ...string) *cli.StringFlag {
	if len(allowed) == 0 {
		allowed = []string{"text", "json"}
	}
	usage := "output format: "
	for i, a := range allowed {
		if i > 0 {
			usage += "|"
		}
		usage += a
	}
	return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: allowed[0], Usage: usage}
}

// outputFormat returns --output, checked against allowed.
func outputFormat(c *cli.Context, allowed ...string) (string, error) {
	if len(allowed) == 0 {
		allowed = []string{"text", "json"}
	}
	// Any case, as --cloud: "JSON" is json.
	v := strings.ToLower(strings.TrimSpace(c.String("output")))
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", usageErrorf("--output %q is not one of %v", c.String("output"), allowed)
}

// writeJSON prints v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// painter colours text only when w is a terminal and NO_COLOR is unset.
type painter struct{ on bool }

func newPainter(e *env, w io.Writer) painter {
	if e.getenv("NO_COLOR") != "" || e.getenv("TERM") == "dumb" {
		return painter{}
	}
	f, ok := w.(*os.File)
	if !ok {
		return painter{}
	}
	return painter{on: isatty.IsTerminal(f.Fd())}
}

func (p painter) paint(attr color.Attribute, s string) string {
	if !p.on {
		return s
	}
	c := color.New(attr)
	c.EnableColor()
	return c.Sprint(s)
}

func (p painter) red(s string) string    { return p.paint(color.FgRed, s) }
func (p painter) yellow(s string) string { return p.paint(color.FgYellow, s) }
func (p painter) green(s string) string  { return p.paint(color.FgGreen, s) }
func (p painter) cyan(s string) string   { return p.paint(color.FgCyan, s) }
func (p painter) bold(s string) string   { return p.paint(color.Bold, s) }
