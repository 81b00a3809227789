package validate

import (
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD305",
		Name:     "M365GcchFlag",
		Severity: finding.Error,
		Title:    "IsGcchAzureAccount is not true or false",
		Scope:    ScopeBoth,
		Detects: "An IsGcchAzureAccount value other than true or false (in any letter case): yes, 1,\n" +
			"\"true \" with a space, an empty value, quotes that reach Java.",
		Why: "Java reads a boolean property as true only when it is the word true; anything else is\n" +
			"false, without a message. (The vendor's page sets true, for the global tenant too.)",
		Example: Example{
			Format: "wrapper",
			Bad:    "wrapper.java.additional.1=-DIsGcchAzureAccount=yes\n",
			Good:   "wrapper.java.additional.1=-DIsGcchAzureAccount=true\n",
		},
		Fix:   "Write -DIsGcchAzureAccount=true (the vendor's value) or false, without quotes.",
		props: checkGcchFlag,
	})
}

func checkGcchFlag(v *propView, r *report) {
	p, ok := v.known("IsGcchAzureAccount")
	if !ok {
		return
	}
	if strings.EqualFold(p.Value, "true") || strings.EqualFold(p.Value, "false") {
		return
	}
	r.add("", p.At, "Write -DIsGcchAzureAccount=true (the vendor's value) or false.",
		"IsGcchAzureAccount is %s: Java reads anything but the word true as false", p.shown())
}
