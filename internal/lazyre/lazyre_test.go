package lazyre

import (
	"sync"
	"testing"
)

func TestNewCompilesOnceAndShares(t *testing.T) {
	re := New(`^a(\d+)$`)
	first := re()
	if got := first.FindStringSubmatch("a42"); len(got) != 2 || got[1] != "42" {
		t.Fatalf("FindStringSubmatch = %q", got)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if re() != first {
				t.Error("a second call compiled the pattern again")
			}
		}()
	}
	wg.Wait()
}

func TestNewPanicsOnFirstUseOfABadPattern(t *testing.T) {
	re := New(`(`) // declaring it must not panic
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for an invalid pattern")
		}
	}()
	re()
}
