// Package validate checks WHD config files for what would silently break
// WHD at its next start: wrapper_template.conf (read with the real Java
// Service Wrapper's rules, see conf/wrapperconf), whd.conf (sourced by bash,
// see conf/whdconf), the Microsoft 365 JVM settings in either, and the mail
// engine's "Additional properties" field.
//
// Every rule has a stable ID that never changes meaning (WHD1xx wrapper,
// WHD2xx whd.conf, WHD3xx Microsoft 365 settings, WHD5xx mail properties,
// WHD0xx the checker itself), a default severity, and a page of explanation
// (Rule.Page). Each rule lives in a file of its own (rule_whdNNN_*.go) and
// registers itself in init().
//
// The core is pure: Check takes bytes and returns findings. Files and
// Install read files from disk (concurrently, a bounded number at a time)
// and report the files they could not read as FileErrors.
//
// Suppression: a comment "# whdctl:ignore WHD110 <reason>" silences the
// named rules on the line that follows it; in the comment block at the top
// of a file (within the first HeaderLines lines, before any setting) it
// silences them in the whole file. The reason is required: a suppression
// without one is not applied and is itself reported (WHD001), as is one that
// matches no finding (unless Options.NoIgnore).
package validate
