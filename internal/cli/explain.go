package cli

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/whdctl/whdctl/validate"
)

func init() { register(explainCommand) }

func explainCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "explain a validate rule: what it detects, why WHD breaks, an example, the fix",
		UsageText: "whdctl explain [options] [RULE]",
		Description: "Without RULE, lists every rule of 'whdctl validate' with its ID, severity and title.\n" +
			"Rule IDs are stable: an ID never changes meaning.\n\n" +
			"Examples:\n" +
			"  whdctl explain\n" +
			"  whdctl explain WHD101\n" +
			"  whdctl explain whd201 --output json",
		Flags:  []cli.Flag{outputFlag()},
		Action: func(c *cli.Context) error { return runExplain(c, e) },
	}
}

// explainRule is the JSON form of a rule. The keys are part of the interface:
// lower-case snake_case, like every JSON output of whdctl.
type explainRule struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Severity string         `json:"severity"`
	Title    string         `json:"title"`
	Scope    string         `json:"scope"`
	Detects  string         `json:"detects"`
	Why      string         `json:"why"`
	Example  explainExample `json:"example"`
	Fix      string         `json:"fix"`
}

// explainExample is a rule's example: Bad triggers the rule, Good does not.
type explainExample struct {
	Format string `json:"format"`
	Bad    string `json:"bad"`
	Good   string `json:"good"`
}

func toExplainRule(r *validate.Rule) explainRule {
	return explainRule{ID: r.ID, Name: r.Name, Severity: string(r.Severity), Title: r.Title, Scope: string(r.Scope),
		Detects: r.Detects, Why: r.Why, Example: explainExample{Format: r.Example.Format, Bad: r.Example.Bad, Good: r.Example.Good}, Fix: r.Fix}
}

func runExplain(c *cli.Context, e *env) error {
	// Options after the rule ID ("whdctl explain whd201 --output json") are
	// moved before it, as validate does with options after its files.
	if moved, ok, err := flagsFirst(c); err != nil {
		return err
	} else if ok {
		return silentExit(run(append([]string{"whdctl", c.Command.Name}, moved...), e))
	}
	out, err := outputFormat(c)
	if err != nil {
		return err
	}
	if c.NArg() > 1 {
		return usageErrorf("explain takes one rule ID (got %d arguments); run 'whdctl explain' for the list", c.NArg())
	}
	if c.NArg() == 0 {
		rules := validate.Rules()
		if out == "json" {
			list := make([]explainRule, len(rules))
			for i, r := range rules {
				list[i] = toExplainRule(r)
			}
			return writeJSON(e.stdout, list)
		}
		p := newPainter(e, e.stdout)
		for _, r := range rules {
			fmt.Fprintf(e.stdout, "%s  %-7s  %-36s  %s\n", p.bold(r.ID), p.severity(r.Severity)+strings.Repeat(" ", max(0, 7-len(r.Severity))), r.Scope, r.Title)
		}
		fmt.Fprintln(e.stdout, "\nRun 'whdctl explain RULE' for a rule's page.")
		return nil
	}
	id := c.Args().First()
	r, ok := validate.Lookup(id)
	if !ok {
		return usageErrorf("%q is not a rule ID; run 'whdctl explain' for the list", id)
	}
	if out == "json" {
		return writeJSON(e.stdout, toExplainRule(r))
	}
	fmt.Fprint(e.stdout, r.Page())
	return nil
}
