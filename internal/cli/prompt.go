package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"
)

// While the no-echo prompt is up, the terminal has echo turned off.
// term.ReadPassword restores it when it returns, but Ctrl-C (SIGINT) or
// SIGTERM ends the process before that, and shells such as dash do not
// restore the terminal themselves: the admin's shell is left without echo.
// guardPrompt restores it on those signals, then exits as the signal
// would (128 + its number: 130 for Ctrl-C).

// Replaceable by tests, which have no real terminal.
var (
	// saveTerminal returns the function that puts the terminal back as it
	// is now.
	saveTerminal = func(fd int) (func() error, error) {
		st, err := term.GetState(fd)
		if err != nil {
			return nil, err
		}
		return func() error { return term.Restore(fd, st) }, nil
	}
	// notifySignals sends SIGINT and SIGTERM to c until the returned
	// function is called.
	notifySignals = func(c chan<- os.Signal) func() {
		signal.Notify(c, os.Interrupt, syscall.SIGTERM)
		return func() { signal.Stop(c) }
	}
	exitProcess = os.Exit
)

// guardPrompt watches for SIGINT and SIGTERM while a no-echo prompt on fd
// is active; on one it restores the terminal, ends the prompt's line on
// stderr and exits. The returned function ends the watch; call it when
// the prompt has returned.
func guardPrompt(fd int, stderr io.Writer) (stop func()) {
	restore, err := saveTerminal(fd)
	if err != nil {
		return func() {} // nothing known to restore
	}
	sigs := make(chan os.Signal, 1)
	stopNotify := notifySignals(sigs)
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		select {
		case s := <-sigs:
			_ = restore()
			fmt.Fprintln(stderr)
			exitProcess(signalExitCode(s))
		case <-done:
		}
	}()
	return func() {
		stopNotify()
		close(done)
		<-finished
	}
}

// signalExitCode is the exit status a shell reports for a process ended
// by s: 128 + the signal's number (130 for SIGINT).
func signalExitCode(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}
