//go:build ignore

// synthlog writes a synthetic Web Help Desk log for benchmarking
// `whdctl diagnose logs`: mostly ordinary INFO/DEBUG lines, with OAuth
// (AADSTS) errors, PKIX stack traces, EWS 401 errors and mail send failures
// sprinkled in at fixed rates. The output is deterministic.
//
//	go run scripts/synthlog.go -size 1GiB -o /tmp/whd-synth.log
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	size := flag.String("size", "1GiB", "bytes to write (suffix KiB, MiB, GiB)")
	out := flag.String("o", "", "output file (default stdout)")
	flag.Parse()
	n, err := parseSize(*size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "synthlog:", err)
		os.Exit(2)
	}
	f := os.Stdout
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			fmt.Fprintln(os.Stderr, "synthlog:", err)
			os.Exit(3)
		}
	}
	w := bufio.NewWriterSize(f, 1<<20)
	counts := write(w, n)
	if err := w.Flush(); err == nil && f != os.Stdout {
		err = f.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "synthlog:", err)
		os.Exit(3)
	}
	fmt.Fprintf(os.Stderr, "synthlog: wrote %d bytes; events: %v\n", n, counts)
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for suf, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suf) {
			s, mult = strings.TrimSuffix(s, suf), m
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return v * mult, nil
}

var (
	threads = []string{"http-nio-8443-exec-1", "http-nio-8443-exec-7", "OutgoingMailWorker-3", "IncomingMailWorker-1", "Scheduler-2", "main"}
	classes = []string{"com.macsdesign.whd.mail.OutgoingMailProcessor", "com.macsdesign.whd.model.Ticket", "org.apache.catalina.core.StandardContext",
		"com.macsdesign.whd.db.ConnectionPool", "com.macsdesign.whd.ui.TicketPage", "com.macsdesign.whd.sched.Job"}
	msgs = []string{"Ticket 48213 updated by tech jsmith (status Open -> Pending)", "Connection pool: 8 active, 12 idle, 0 waiting",
		"Request GET /helpdesk/WebObjects/Helpdesk.woa/wa/TicketActions/view?ticket=48213 completed in 42 ms",
		"Scheduled job AssetDiscovery finished; 0 changes", "Session expired for client 10.20.30.40", "Loaded 1532 tickets into cache in 812 ms",
		"Sending notification for ticket 48213 to 2 recipients", "Mailbox poll found 0 new messages"}
)

func write(w *bufio.Writer, limit int64) map[string]int {
	r := rand.New(rand.NewSource(42))
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	counts := map[string]int{}
	var written int64
	emit := func(s string) {
		n, _ := w.WriteString(s)
		written += int64(n)
	}
	for line := 0; written < limit; line++ {
		t = t.Add(time.Duration(r.Intn(900)) * time.Millisecond)
		ts := t.Format("2006-01-02 15:04:05,000")
		switch {
		case line%5000 == 4999:
			counts["oauth"]++
			emit(ts + " ERROR [OutgoingMailWorker-3] Error processing mailbox messages: OAuth token request failed (statusCode: 400): invalid_grant [700082] AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2023-10-01T08:30:00.1234567Z and was inactive for 90.00:00:00.\n")
			emit("Trace ID: 0a1b2c3d-0000-4000-8000-" + fmt.Sprintf("%012d", line) + "\nCorrelation ID: 0a1b2c3d-0000-4000-9000-000000000001\nTimestamp: " + t.Format("2006-01-02 15:04:05Z") + "\n")
		case line%20000 == 7001:
			counts["pkix"]++
			emit(ts + " ERROR [IncomingMailWorker-1] com.macsdesign.whd.mail.EwsConnector Connection to https://mail.example.com/EWS/Exchange.asmx failed\n")
			emit("javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target\n")
			for _, fr := range []string{"sun.security.ssl.Alert.createSSLException(Alert.java:131)", "sun.security.ssl.TransportContext.fatal(TransportContext.java:353)", "sun.security.ssl.CertificateMessage$T13CertificateConsumer.checkServerCerts(CertificateMessage.java:1306)"} {
				emit("\tat " + fr + "\n")
			}
			emit("Caused by: sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target\n\t... 42 more\n")
		case line%20000 == 13003:
			counts["ews401"]++
			emit(ts + " ERROR [IncomingMailWorker-1] com.macsdesign.whd.mail.EwsConnector microsoft.exchange.webservices.data.core.exception.http.HttpErrorException: The remote server returned an error: (401)Unauthorized\n")
		case line%30000 == 17011:
			counts["send"]++
			emit(ts + " ERROR [OutgoingMailWorker-3] com.macsdesign.whd.mail.OutgoingMailProcessor javax.mail.AuthenticationFailedException: 535 5.7.139 Authentication unsuccessful, basic authentication is disabled.\n")
		default:
			level := "INFO "
			if r.Intn(4) == 0 {
				level = "DEBUG"
			}
			emit(fmt.Sprintf("%s %s [%s] %s %s\n", ts, level, threads[r.Intn(len(threads))], classes[r.Intn(len(classes))], msgs[r.Intn(len(msgs))]))
		}
	}
	return counts
}
