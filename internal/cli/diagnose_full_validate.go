package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/whdctl/whdctl/diagnose/report"
	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/validate"
)

// The full report runs the validate rules on the install's config files.
func init() {
	registerFullChecks(func(in *fullInputs) []report.Check {
		return []report.Check{{Name: "config", Title: "WHD config files", Run: func(ctx context.Context) (report.Section, error) {
			if in.Install == nil {
				return report.Section{Status: report.Skipped, Summary: "no --whd-home given"}, nil
			}
			fs, errs := validate.Install(ctx, in.Install, validate.Options{})
			finding.Sort(fs)
			sec := report.Section{Findings: fs, Data: map[string]any{"files": len(in.Install.Files()), "errors": errs}}
			if fs == nil {
				sec.Findings = []finding.Finding{}
			}
			var problems []string
			for _, e := range errs {
				problems = append(problems, e.Error())
			}
			// WHD306 (info): none of the Microsoft 365 properties is set. The
			// files are fine for WHD's start, but Microsoft 365 mail cannot
			// work: the summary says so whatever else is found.
			notSet := ""
			others := 0
			for _, f := range fs {
				if f.Rule == "WHD306" {
					notSet = fmt.Sprintf("the Microsoft 365 settings are missing (none of the five properties is set; whdctl patch-conf --whd-home %s adds them)", in.Install.Home)
				} else {
					others++
				}
			}
			files := len(in.Install.Files())
			switch worst := finding.Max(fs); {
			case len(errs) > 0 && worst != finding.Error:
				sec.Status = report.Error
				sec.Summary = "could not read: " + strings.Join(problems, "; ")
				if notSet != "" {
					sec.Summary += "; " + notSet
				}
			case worst == finding.Error:
				sec.Status = report.Failed
				sec.Summary = fmt.Sprintf("%d finding(s) in %d file(s); the errors break WHD's start or its Microsoft 365 mail (details: whdctl validate --whd-home %s)", len(fs), files, in.Install.Home)
				if notSet != "" {
					sec.Summary += "; " + notSet
				}
			case notSet != "" && others > 0:
				sec.Status = report.OK
				sec.Summary = fmt.Sprintf("%d file(s) checked: %s; %d other warning(s)/note(s), no error", files, notSet, others)
			case notSet != "":
				sec.Status = report.OK
				sec.Summary = fmt.Sprintf("%d file(s) checked: no problem for WHD's start, but %s", files, notSet)
			case len(fs) > 0:
				sec.Status = report.OK
				sec.Summary = fmt.Sprintf("%d file(s) checked: %d warning(s)/note(s), no error", files, len(fs))
			default:
				sec.Status = report.OK
				sec.Summary = fmt.Sprintf("%d file(s) checked: no problems found", files)
			}
			return sec, nil
		}}}
	})
}
