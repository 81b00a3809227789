package ews

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestParseChallenges(t *testing.T) {
	type ch = Challenge
	p := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name   string
		values []string
		want   []Challenge
		err    string
	}{
		{name: "separate headers", values: []string{"Negotiate", "NTLM", `Basic realm="mail.contoso.com"`},
			want: []ch{{"Negotiate", p(), ""}, {"NTLM", p(), ""}, {"Basic", p("realm", "mail.contoso.com"), ""}}},
		{name: "one joined header", values: []string{`Negotiate,NTLM,Basic realm="mail.contoso.com"`},
			want: []ch{{"Negotiate", p(), ""}, {"NTLM", p(), ""}, {"Basic", p("realm", "mail.contoso.com"), ""}}},
		{name: "joined with spaces", values: []string{` Negotiate ,  NTLM , Basic   realm = "x" , charset="UTF-8" `},
			want: []ch{{"Negotiate", p(), ""}, {"NTLM", p(), ""}, {"Basic", p("realm", "x", "charset", "UTF-8"), ""}}},
		{name: "bearer with params then basic", values: []string{`Bearer client_id="c", trusted_issuers="i@*", error="invalid_token", Basic Realm=""`},
			want: []ch{{"Bearer", p("client_id", "c", "trusted_issuers", "i@*", "error", "invalid_token"), ""}, {"Basic", p("realm", ""), ""}}},
		{name: "the same challenge twice", values: []string{`Basic Realm="",Basic Realm=""`},
			want: []ch{{"Basic", p("realm", ""), ""}, {"Basic", p("realm", ""), ""}}},
		{name: "token68", values: []string{"Negotiate oYIBBzCCAQOgAwoBAaKB7ASB6U5UTE1TU1AAAgAAAA==, NTLM"},
			want: []ch{{"Negotiate", p(), "oYIBBzCCAQOgAwoBAaKB7ASB6U5UTE1TU1AAAgAAAA=="}, {"NTLM", p(), ""}}},
		{name: "token value and escapes", values: []string{`Basic realm=mail, title="a \"quoted\" \\ word"`},
			want: []ch{{"Basic", p("realm", "mail", "title", `a "quoted" \ word`), ""}}},
		{name: "case-insensitive param names, first wins", values: []string{`Basic REALM="a", realm="b"`},
			want: []ch{{"Basic", p("realm", "a"), ""}}},
		{name: "empty values and list elements", values: []string{"", ", ,", "NTLM,,Negotiate"},
			want: []ch{{"NTLM", p(), ""}, {"Negotiate", p(), ""}}},
		{name: "unterminated quote keeps what parsed", values: []string{`NTLM, Basic realm="x`, "Negotiate"},
			want: []ch{{"NTLM", p(), ""}, {"Negotiate", p(), ""}}, err: "unterminated"},
		{name: "garbage", values: []string{`"quoted first"`}, err: "expected an authentication scheme"},
		{name: "missing value", values: []string{`Basic a=b, realm=, x=1`}, err: "expected a value"},
		{name: "no space after scheme", values: []string{`Basic"x"`}, err: "expected a space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseChallenges(tt.values)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestChallengeString(t *testing.T) {
	c := Challenge{Scheme: "Basic", Params: map[string]string{"realm": `a"b`, "charset": "UTF-8"}}
	if got := c.String(); got != `Basic charset="UTF-8", realm="a\"b"` {
		t.Fatalf("got %s", got)
	}
}

// FuzzParseChallenges: no panic; every challenge has a valid scheme; and
// rendering what parsed and parsing it again gives the same challenges.
func FuzzParseChallenges(f *testing.F) {
	for _, s := range []string{
		`Negotiate,NTLM,Basic realm="mail.contoso.com"`,
		`Bearer client_id="c", trusted_issuers="i@*", Basic Realm=""`,
		`Negotiate abc==, NTLM`,
		`Basic realm=x, title="a \"q\""`,
		`Basic realm="x`,
		`a=b`, `,,,`, `Basic realm=`, `x y=z, w`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, _ := ParseChallenges([]string{s})
		var parts []string
		for _, c := range cs {
			if c.Scheme == "" {
				t.Fatalf("empty scheme from %q", s)
			}
			for i := 0; i < len(c.Scheme); i++ {
				if !isTchar(c.Scheme[i]) {
					t.Fatalf("scheme %q from %q", c.Scheme, s)
				}
			}
			parts = append(parts, c.String())
		}
		again, err := ParseChallenges([]string{strings.Join(parts, ", ")})
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", strings.Join(parts, ", "), s, err)
		}
		if len(cs) == 0 && len(again) == 0 {
			return
		}
		if !reflect.DeepEqual(cs, again) {
			t.Fatalf("round trip of %q:\n%#v\n%#v", s, cs, again)
		}
	})
}

// FuzzClassifyAssess: any challenge header, proxy header and status give a
// known server kind and advice, and OK is only claimed when Basic is
// offered on a 401 by a server that is not Exchange Online (which refuses
// Basic for EWS whatever it challenges with).
func FuzzClassifyAssess(f *testing.F) {
	f.Add(`Bearer client_id="c", trusted_issuers="00000001-0000-0000-c000-000000000000@*"`, "MW4PR03CA0123.NAMPRD03.PROD.OUTLOOK.COM", "outlook.office365.com", 401)
	f.Add(`Negotiate,NTLM,Basic realm="mail.contoso.com"`, "", "mail.contoso.com", 401)
	f.Add(`Bearer trusted_issuers="x@8d2f6a4e-3b1c-4f7a-9e2d-5c6b7a8f9e01", Basic realm=x`, "ex01.contoso.local", "mail", 401)
	f.Add("", "", "", 302)
	f.Fuzz(func(t *testing.T, challenge, beTarget, host string, status int) {
		cs, _ := ParseChallenges([]string{challenge})
		h := http.Header{}
		h.Set("X-CalculatedBETarget", beTarget)
		kind, evidence := Classify(cs, h, host)
		switch kind {
		case ExchangeOnline, OnPremises, OnPremisesHybrid, Unknown:
		default:
			t.Fatalf("kind %q", kind)
		}
		if evidence == nil || (kind != Unknown && len(evidence) == 0) {
			t.Fatalf("kind %s without evidence", kind)
		}
		a := Assess("https", status, cs, kind, "")
		if a.Advice == "" {
			t.Fatal("no advice")
		}
		basic, _ := basicOf(cs)
		bearer := false
		for _, c := range cs {
			bearer = bearer || c.Is("Bearer")
		}
		if a.OK && (status != 401 || !basic || kind == ExchangeOnline) {
			t.Fatalf("OK for status %d kind %s basic %v bearer %v", status, kind, basic, bearer)
		}
	})
}
