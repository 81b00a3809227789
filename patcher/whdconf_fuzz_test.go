package patcher

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/conf/whdconf"
)

// fuzzWhdRequests are the requests FuzzPatchWhdConf picks from.
var fuzzWhdRequests = []Request{
	{Set: Clouds[0].Settings()},
	{Set: Clouds[1].Settings(), Dedupe: true},
	{Set: []Property{{PropIsGcchAzureAccount, "true"}}},
	{Remove: []string{PropAzureTokenURL, PropIsGcchAzureAccount}},
	{Set: []Property{{PropAzureTokenURL, "https://login.microsoftonline.com/"}, {"a.b", "x*y"}}, Remove: []string{PropExchangeServiceURL}, Dedupe: true},
}

// FuzzPatchWhdConf: for any bytes, PatchWhdConf fails with one of the
// documented errors or returns a file in which (read statically) each
// requested property is set exactly once, removed ones are gone, the other
// flags are those of the input, and which a second run leaves identical.
func FuzzPatchWhdConf(f *testing.F) {
	r := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 40; i++ {
		c := genWhdConf(r, i)
		f.Add(c.src, uint8(i))
	}
	for _, s := range []string{"", "JAVA_OPTS=\"-Xmx2g\"\n", "\xEF\xBB\xBFJAVA_OPTS=1", "JAVA_OPTS=$JAVA_OPTS;return\n",
		"JAVA_OPTS='-DIsGcchAzureAccount=false'\nJAVA_OPTS=\"$JAVA_OPTS -DIsGcchAzureAccount=x\"", "A=1\r\nB=2\n",
		"JAVA_OPTS=\"-Da=1 -DAzureAuthorizationScope=offline_access https://graph.microsoft.com/.default\"\n",
		"JAVA_OPTS=\"-DIsGcchAzureAccount=true yes -Dwhd.x=a b\"\n", "A=1\nreturn 0\nJAVA_OPTS=-Dx\n",
		"JAVA_OPTS=-DAzureTokenURL=x\n"} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, src []byte, sel uint8) {
		req := fuzzWhdRequests[int(sel)%len(fuzzWhdRequests)]
		res, err := PatchWhdConf(src, req)
		if err != nil {
			var (
				re *RefusalError
				pe *ParseError
				ie *InputError
			)
			if !errors.As(err, &re) && !errors.As(err, &pe) && !errors.As(err, &ie) {
				t.Fatalf("undocumented error %T: %v", err, err)
			}
			if re != nil {
				for _, bad := range whdInternals {
					if strings.Contains(err.Error(), bad) {
						t.Fatalf("the refusal shows %q: %v", bad, err)
					}
				}
			}
			return
		}
		if !res.Changed && !bytes.Equal(res.Output, src) {
			t.Fatal("Changed=false but the output differs")
		}
		if res.Changed && bytes.Equal(res.Output, src) {
			t.Fatal("Changed=true but the output is the input")
		}
		before, _ := whdconf.Parse(src)
		after, _ := whdconf.Parse(res.Output)
		if after.SyntaxErr != nil || !after.JavaOpts().Known {
			t.Fatalf("output cannot be read: %v %v", after.SyntaxErr, after.JavaOpts().Reason)
		}
		if err := checkPatchedWords(whdWordTexts(before.JavaOpts().Words), whdWordTexts(after.JavaOpts().Words), req); err != nil {
			t.Fatalf("%v\n--- input\n%q\n--- output\n%q", err, src, res.Output)
		}
		res2, err := PatchWhdConf(res.Output, req)
		if err != nil {
			t.Fatalf("second run: %v\n%q", err, res.Output)
		}
		if res2.Changed || !bytes.Equal(res2.Output, res.Output) {
			t.Fatalf("second run changed the file:\n%q\n%q", res.Output, res2.Output)
		}
		for _, a := range res2.Actions {
			if a.Action != ActionUnchanged && a.Action != ActionAbsent {
				t.Fatalf("second run action %+v", a)
			}
		}
	})
}
