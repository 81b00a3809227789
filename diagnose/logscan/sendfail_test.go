package logscan

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// A line that says sending mail failed, followed by an SMTP reply with an
// enhanced status code, is a mail send error of that reply, as it is after
// a JavaMail exception class; a 3-digit number without the enhanced code,
// or a line that does not say a send failed, is not.
func TestClassifySendFailedWithoutException(t *testing.T) {
	send := func(code string) []match { return []match{{KindSend, code}} }
	for _, tt := range []struct {
		line string
		want []match
	}{
		{"2026-12-04 08:00:01 ERROR [OutgoingMailSender] Unable to send email: 535 5.7.3 Authentication unsuccessful [BN0PR04CA0123.namprd04.prod.outlook.com]", send("smtp-535")},
		{"2026-12-04 08:00:02 ERROR Failed to send mail: 530 5.7.57 Client not authenticated to send mail.", send("smtp-530")},
		{"2026-12-04 08:00:03 WARN smtp send failed: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.", send("smtp-535")},
		{"2026-12-04 08:00:04 ERROR Could not send message to user@example.com: 550 5.1.1 User unknown", send("smtp-550")},
		{"2026-12-04 08:00:05 ERROR Sending e-mail failed: 554-5.7.1 Rejected by policy", send("smtp-554")},
		{"2026-12-04 08:00:06 WARN Failed sending email, will retry: 451 4.4.2 Timeout waiting for data", send("smtp-451")},
		{"2026-12-04 08:00:07 ERROR [SmtpTransport] delivery failed: 550 5.7.60 Client does not have permissions to send as this sender", send("smtp-550")},
		{"2026-12-04 08:00:08 ERROR Message send FAILED: 535 5.7.8 Username and Password not accepted", send("smtp-535")},
		// As before, with the exception class.
		{"javax.mail.AuthenticationFailedException: 535 5.7.3 Authentication unsuccessful", send("smtp-535")},
		// No enhanced status code: a number, not an SMTP reply.
		{"2026-12-04 08:00:10 ERROR Failed to send mail: timed out after 535 ms", nil},
		{"2026-12-04 08:00:11 ERROR Unable to send email for ticket 535 to 5 recipients", nil},
		{"2026-12-04 08:00:12 ERROR Failed to send mail: 535 Authentication unsuccessful", nil},
		// The enhanced code's class differs from the reply's: not a reply.
		{"2026-12-04 08:00:13 ERROR Failed to send mail: 550 1.2.3 build", nil},
		// A reply, but the line does not say a send failed.
		{"2026-12-04 08:00:14 INFO Mail sent: 250 2.0.0 OK queued as 4Q", nil},
		{"2026-12-04 08:00:15 INFO Sending mail succeeded after a failure: 250 2.0.0 OK", nil},
		{"2026-12-04 08:00:16 INFO smtp send failures: 0, last reply 250 2.0.0 OK", nil},
		{"2026-12-04 08:00:17 ERROR Ticket 550 5.1.1 update failed", nil},
		{"2026-12-04 08:00:18 ERROR Authentication unsuccessful: 535 5.7.3", nil},
		// The reply comes before anything about sending.
		{"2026-12-04 08:00:19 ERROR 535 5.7.3 noted; failed to send mail", nil},
	} {
		if got := classify([]byte(tt.line)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("classify(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// Such lines that name "Authentication" reach classify through the "Auth"
// trigger and are counted by a scan. "Failed to send mail: 530 5.7.57
// Client not authenticated" holds none of the triggers, so a scan does
// not look at it yet.
func TestScanSendFailedWithoutException(t *testing.T) {
	log := "2026-12-04 08:00:01 ERROR [OutgoingMailSender] Unable to send email: 535 5.7.3 Authentication unsuccessful [BN0PR04CA0123.namprd04.prod.outlook.com]\n" +
		"2026-12-04 08:00:03 WARN smtp send failed: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\n"
	s := NewScanner(time.Time{})
	if err := s.Scan(context.Background(), "whd.log", strings.NewReader(log)); err != nil {
		t.Fatal(err)
	}
	want := []groupWant{{KindSend, "smtp-535", 2, "2026-12-04 08:00:01", "2026-12-04 08:00:03", "whd.log:1"}}
	if got := brief(s.Report().Groups); !reflect.DeepEqual(got, want) {
		t.Errorf("groups %+v, want %+v", got, want)
	}
}
