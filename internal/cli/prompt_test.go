package cli

import (
	"errors"
	"io"
	"os"
	"syscall"
	"testing"
	"time"
)

// fakePromptSignals replaces the terminal state and the signal source of
// guardPrompt; the returned channel delivers signals to it.
func fakePromptSignals(t *testing.T, events *[]string) chan<- os.Signal {
	t.Helper()
	oldSave, oldNotify, oldExit := saveTerminal, notifySignals, exitProcess
	t.Cleanup(func() { saveTerminal, notifySignals, exitProcess = oldSave, oldNotify, oldExit })
	saveTerminal = func(fd int) (func() error, error) {
		*events = append(*events, "save")
		return func() error { *events = append(*events, "restore"); return nil }, nil
	}
	var ch chan<- os.Signal
	notifySignals = func(c chan<- os.Signal) func() {
		ch = c
		return func() { *events = append(*events, "stop") }
	}
	// The channel is known once the prompt is up: hand out a relay.
	relay := make(chan os.Signal, 1)
	go func() {
		for s := range relay {
			ch <- s
		}
	}()
	t.Cleanup(func() { close(relay) })
	return relay
}

// TestPromptInterruptRestoresTerminal: Ctrl-C (or SIGTERM) at the hidden
// prompt restores the terminal state saved before it, then exits with
// 128 + the signal (130 for Ctrl-C), for the token and the EWS prompt.
func TestPromptInterruptRestoresTerminal(t *testing.T) {
	for _, tt := range []struct {
		sig  os.Signal
		code int
		args []string
	}{
		{os.Interrupt, 130, []string{"diagnose", "token", "--tenant", testTenant, "--client-id", testClientID, "--token-url", "https://127.0.0.1:1/"}},
		{syscall.SIGTERM, 143, []string{"diagnose", "ews", "--url", "https://127.0.0.1:1/", "--username", `CONTOSO\svc`, "--truststore", trustStoreFor(t, "changeit", unrelatedCert(t))}},
	} {
		var events []string
		sigs := fakePromptSignals(t, &events)
		code, exited := -1, make(chan struct{})
		exitProcess = func(c int) {
			events = append(events, "exit")
			code = c
			close(exited)
		}
		oldFD, oldRead := terminalFD, readPassword
		terminalFD = func(io.Reader) (int, bool) { return 42, true }
		readPassword = func(int) ([]byte, error) {
			sigs <- tt.sig
			select {
			case <-exited: // a real process ends here; the test's carries on
			case <-time.After(5 * time.Second): // nothing handled the signal
			}
			return nil, errors.New("interrupted")
		}
		_, _, errOut := runCLI(t, nil, nil, tt.args...)
		terminalFD, readPassword = oldFD, oldRead
		want := []string{"save", "restore", "exit", "stop"}
		if code != tt.code || len(events) != len(want) {
			t.Fatalf("%v: exit %d (want %d), events %v (want %v)\n%s", tt.sig, code, tt.code, events, want, errOut)
		}
		for i := range want {
			if events[i] != want[i] {
				t.Fatalf("%v: events %v, want %v", tt.sig, events, want)
			}
		}
	}
}

// TestPromptGuardEndsQuietly: a prompt answered normally stops the watch
// without restoring anything or exiting, and a terminal whose state
// cannot be read still prompts.
func TestPromptGuardEndsQuietly(t *testing.T) {
	var events []string
	fakePromptSignals(t, &events)
	exitProcess = func(int) { events = append(events, "exit") }
	guardPrompt(42, io.Discard)()
	if len(events) != 2 || events[0] != "save" || events[1] != "stop" {
		t.Fatalf("events %v", events)
	}
	saveTerminal = func(int) (func() error, error) { return nil, errors.New("not a terminal") }
	guardPrompt(42, io.Discard)()
}
