package cli

import (
	"github.com/urfave/cli/v2"
)

// diagnoseFactories holds the `whdctl diagnose <sub>` commands; each
// subcommand registers itself from its own file with registerDiagnose.
var diagnoseFactories []func(*env) *cli.Command

func registerDiagnose(f func(*env) *cli.Command) { diagnoseFactories = append(diagnoseFactories, f) }

// diagnoseFullAction runs the full report when `whdctl diagnose` is called
// without a subcommand. It is set by the file that implements the report.
var diagnoseFullAction func(*env) cli.ActionFunc

// diagnoseFullFlags are the flags of the full report.
var diagnoseFullFlags func() []cli.Flag

func init() {
	register(func(e *env) *cli.Command {
		cmd := &cli.Command{
			Name:      "diagnose",
			Usage:     "find why Microsoft 365 mail fails in WHD, and the exact fix",
			UsageText: "whdctl diagnose [--whd-home DIR] [options]   (the full report)\n   whdctl diagnose <check> [options]",
			Description: "Without a check name, runs every check that applies to what it is given (the install's\n" +
				"config files, the redirect URI, the logs; with --live, the network probes too), concurrently,\n" +
				"and prints one report. Exit codes: 0 the checks that ran passed (others skipped), 1 a check\n" +
				"failed, 2 usage error or too little input for any check to run, 3 a check could not run,\n" +
				"or --whd-home cannot be read (missing, not a WHD install).\n\n" +
				"Examples:\n" +
				"  whdctl diagnose --whd-home /usr/local/webhelpdesk --dns-name helpdesk.example.com \\\n" +
				"      --redirect-uri https://helpdesk.example.com:8443/helpdesk/oauth-redirect\n" +
				"  whdctl diagnose aadsts 'AADSTS700082: The refresh token has expired due to inactivity.'\n" +
				"  whdctl diagnose redirect --dns-name helpdesk.example.com --port 8443 --redirect-uri URI\n" +
				"  whdctl diagnose logs --since 7d /usr/local/webhelpdesk/log",
		}
		for _, f := range diagnoseFactories {
			sub := f(e)
			if sub.OnUsageError == nil {
				name := "diagnose " + sub.Name
				sub.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
					return usageErrorf("%s: %v\nRun 'whdctl %s --help' for usage.", name, err, name)
				}
			}
			cmd.Subcommands = append(cmd.Subcommands, sub)
		}
		if diagnoseFullFlags != nil {
			cmd.Flags = diagnoseFullFlags()
		}
		if diagnoseFullAction != nil {
			cmd.Action = diagnoseFullAction(e)
		}
		return cmd
	})
}
