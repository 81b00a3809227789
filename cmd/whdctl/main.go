// Command whdctl configures and diagnoses SolarWinds Web Help Desk installs
// for Microsoft 365 (OAuth) mail.
package main

import (
	"os"

	"github.com/whdctl/whdctl/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
