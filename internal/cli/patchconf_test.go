package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The cloud patch-conf keeps is read the way the wrapper reads the file:
// settings in an #include'd file count too.
func TestPatchConfKeepsTheCloudOfAnInclude(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "gov.conf")
	if err := os.WriteFile(inc, []byte("wrapper.java.additional.19=-DExchangeServiceURL=\"https://outlook.office365.us/\"\n"+
		"wrapper.java.additional.20=-DAzureAuthorizationScope=\"offline_access%20https://graph.microsoft.us/.default\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "wrapper_template.conf")
	var b strings.Builder
	b.WriteString("#encoding=UTF-8\n")
	for i := 1; i <= 18; i++ {
		b.WriteString("wrapper.java.additional." + strconv.Itoa(i) + "=-Dx" + strconv.Itoa(i) + "=1\n")
	}
	b.WriteString("#include " + inc + "\n")
	if err := os.WriteFile(main, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, nil, nil, "patch-conf", "--file", main, "--dry-run")
	if code != ExitOK || !strings.Contains(out, "keeping the cloud the file uses now: gcch") || strings.Contains(out, "office365.com") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}
