package patcher

import (
	"errors"
	"strings"
	"testing"
)

// TestPatchWhdConfAllexport: after set -a (in any spelling bash takes)
// every assignment exports its variable, so a Microsoft 365 property in
// _JAVA_OPTIONS wins over JAVA_OPTS there just as after export: refused the
// same way. set -a inside an if may or may not run: refused too. After set
// +a, or when set -a comes after the assignment, _JAVA_OPTIONS stays in the
// shell and the patch goes ahead.
func TestPatchWhdConfAllexport(t *testing.T) {
	const opts = "_JAVA_OPTIONS=\"-DAzureTokenURL=https://x/\"\n"
	const rest = "JAVA_OPTS=\"-Xmx1g\"\n"
	req := Request{Set: seedWhd}
	_, exportErr := PatchWhdConf([]byte("export "+opts+rest), req)
	var re *RefusalError
	if !errors.As(exportErr, &re) {
		t.Fatalf("export _JAVA_OPTIONS: want a refusal, got %v", exportErr)
	}
	for _, head := range []string{
		"set -a\n", "set -o allexport\n", "set -ka\n", "set -eo allexport\n", "set +a -a\n",
		"shopt -so allexport\n", "{ set -a; }\n", "set -a\nset +a\nset -o allexport\n",
	} {
		_, err := PatchWhdConf([]byte(head+opts+rest), req)
		if !errors.As(err, &re) {
			t.Errorf("%q: want a refusal, got %v", head, err)
			continue
		}
		if err.Error() != exportErr.Error() {
			t.Errorf("%q: refused with\n%v\nnot as with export:\n%v", head, err, exportErr)
		}
	}
	for _, head := range []string{
		"if [ -n \"$WHD_ALL\" ]; then set -a; fi\n",
		"[ -n \"$WHD_ALL\" ] && set -o allexport\n",
		"set -a\nif [ -n \"$WHD_ALL\" ]; then set +a; fi\n",
		"all() { set -a; }\nall\n",
	} {
		_, err := PatchWhdConf([]byte(head+opts+rest), req)
		if !errors.As(err, &re) || !strings.Contains(err.Error(), "may export _JAVA_OPTIONS") || re.Hint == "" {
			t.Errorf("%q: want a refusal saying the file may export _JAVA_OPTIONS, got %v", head, err)
		}
	}
	for _, in := range []string{
		"set -a\nset +a\n" + opts + rest,
		"set -o allexport\nset +o allexport\n" + opts + rest,
		opts + "set -a\n" + rest,
		"(set -a)\n" + opts + rest,
		"set -a\n" + rest, // no _JAVA_OPTIONS: JAVA_OPTS stays exported
	} {
		res, err := PatchWhdConf([]byte(in), req)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if !res.Changed || !strings.Contains(string(res.Output), "-DAzureTokenURL=https://login.microsoftonline.com/") {
			t.Errorf("%q: not patched:\n%s", in, res.Output)
		}
	}
}
