// Package logscan streams WHD log files and groups the errors that break
// Microsoft 365 mail: OAuth/AADSTS token errors, certificate (PKIX)
// errors, EWS/HTTP 401 answers and mail send failures. Memory stays
// constant whatever the input size: one read buffer and one entry per
// group.
//
// Scanner is the core and reads any io.Reader; files.go is the edge that
// walks folders and opens (gzipped) files.
package logscan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/whdctl/whdctl/internal/lazyre"
	"github.com/whdctl/whdctl/internal/redact"
)

// BufferSize is the read buffer; a line longer than this is cut into pieces.
const BufferSize = 4 << 20

// maxGroups bounds the groups kept; further distinct codes are counted in
// an "other" group of their kind.
const maxGroups = 1000

// maxExample bounds the example line kept per group.
const maxExample = 400

// Group is one kind of problem with its counts. Its JSON form is part of
// the `whdctl diagnose logs --output json` contract.
type Group struct {
	Kind      Kind   `json:"kind"`
	Code      string `json:"code"`
	Count     int    `json:"count"`      // occurrences (a stack trace counts once)
	FirstSeen string `json:"first_seen"` // earliest log time of an occurrence, "" when none had a time
	LastSeen  string `json:"last_seen"`  // latest log time of an occurrence
	Summary   string `json:"summary"`
	Fix       string `json:"fix"`
	// Where is the file:line of the earliest occurrence by log time (the
	// one at FirstSeen; on equal times, the one read first). When no
	// occurrence has a time, it is the first one read (files in the order
	// given, folders in name order).
	Where   string `json:"where"`
	Example string `json:"example"` // the line at Where, shortened, credentials masked
	// Undated counts the occurrences without a log time: lines of a file
	// that has no times, lines above the first dated line of a file, or
	// entries whose line starts with a date in a form not read.
	// --since cannot place them, so it keeps them.
	Undated int `json:"undated"`

	first, last time.Time
	lastEntry   int64 // entry (file, offset) last counted, to count a stack trace once
	lastFile    int
}

// Report is the result of a scan. Its JSON form is part of the contract.
type Report struct {
	Files  int         `json:"files"`  // files read
	Lines  int64       `json:"lines"`  // lines read
	Bytes  int64       `json:"bytes"`  // bytes read (after decompression, UTF-16 decoded to UTF-8)
	Groups []Group     `json:"groups"` // problems, by kind then count
	Errors []FileError `json:"errors"` // inputs that could not be read, or only in part
	// Incomplete is true when the scan stopped before the end of its
	// inputs (the --timeout); the report covers what was read, and
	// IncompleteReason says why it stopped.
	Incomplete       bool   `json:"incomplete"`
	IncompleteReason string `json:"incomplete_reason,omitempty"`
}

// FileError is an input that could not be read (fully).
type FileError struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

// Scanner accumulates groups over any number of inputs.
type Scanner struct {
	since   time.Time      // zero: everything
	loc     *time.Location // the zone of log times written without an offset
	groups  map[string]*Group
	order   []*Group // groups in the order first seen (map order is random)
	rep     Report
	free    chan []byte // read buffers, reused across inputs
	bufSize int         // BufferSize; tests make it small to cross chunk ends
	hits    []int

	// Per input state.
	file       int
	name       string
	line       int64     // lines before the current chunk
	lastTime   time.Time // last log time seen before the current chunk
	lastEntry  int64     // offset of the line that carried it (-1: none)
	chunkStart int64
	partial    bool // the last chunk ended inside a line
	// A line longer than a buffer is cut; the next chunk repeats the last
	// overlap bytes so that a code across the cut is still seen, and the
	// rest of the line belongs to the entry its first piece had.
	cont      bool
	contTime  time.Time
	contEntry int64
	cutTail   bool // the current chunk's last overlap bytes come again

	// The matches of the entry being read wait until the next entry with
	// a match starts, or the input ends: an entry counts once per kind,
	// in its most specific group (an error line and the response body
	// under it that names the AADSTS code count once, as that code).
	pend      []pending
	pendEntry int64 // entry of pend (-1: none)
	pendTime  time.Time
}

// pending is a match of the entry being read, with the first line that
// showed it.
type pending struct {
	m       match
	line    []byte // in the current chunk; nil once the chunk is done
	ex      string // the example, made from line when the chunk was done (if it may be shown)
	lineNo  int64
	midLine bool
}

// NewScanner returns a Scanner that keeps only occurrences at or after
// since (the zero time keeps all).
//
// The time of an occurrence is its entry's: a line without a time of its
// own (a stack trace line, the rest of a multi-line message) belongs to the
// nearest dated line above it in the same file (at most 64 KiB above), and
// is kept or dropped with that entry. A line with no dated line above it (a
// file without times, or the start of a file that begins inside an entry)
// has no time: since cannot place it, so it is kept, and counted in
// Group.Undated.
func NewScanner(since time.Time) *Scanner {
	return &Scanner{since: since, loc: time.Local, groups: map[string]*Group{}, bufSize: BufferSize, pendEntry: -1}
}

// SetLocation sets the zone of the log times written without a UTC offset
// (WHD writes the server's local time): time.Local unless set. Reading logs
// copied from a server in another zone needs that server's zone. Times are
// reported as wall clock in this zone.
func (s *Scanner) SetLocation(loc *time.Location) {
	if loc != nil {
		s.loc = loc
	}
}

// Scan reads one input to its end. name is used in Where. It checks ctx
// between chunks. A read error ends the input; what was read still counts.
//
// Reading runs in its own goroutine, a chunk ahead of the scan, so that
// disk reads and decompression overlap with the search.
func (s *Scanner) Scan(ctx context.Context, name string, r io.Reader) error {
	s.file++
	s.name, s.line, s.lastTime, s.lastEntry, s.chunkStart, s.partial = name, 0, time.Time{}, -1, 0, false
	s.cont, s.contTime, s.contEntry = false, time.Time{}, -1
	defer s.flush() // the input's last entry
	s.buffers()
	r, err := sniffText(r)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	blocks := s.read(ctx, r)
	first := true
	for b := range blocks {
		if err := ctx.Err(); err != nil {
			s.free <- b.buf
			drain(blocks, s.free)
			return err
		}
		if first {
			first = false
			s.rep.Files++
		}
		s.chunkStart -= int64(b.repeat) // those bytes ended the last chunk
		s.cutTail = b.cut
		s.chunk(b.data, b.eof)
		s.chunkStart += int64(len(b.data))
		s.rep.Bytes += int64(len(b.data) - b.repeat)
		s.free <- b.buf
		if b.eof {
			drain(blocks, s.free)
			if b.err == io.EOF {
				return nil
			}
			return b.err
		}
	}
	return ctx.Err()
}

// block is a run of complete lines (the last may be cut when eof).
type block struct {
	buf  []byte // the buffer to give back
	data []byte // the lines, a prefix of buf
	eof  bool
	err  error // why the input ended (io.EOF normally)
	// repeat is how many bytes at the start of data ended the previous
	// block too: a line longer than a buffer is cut with an overlap.
	repeat int
	cut    bool // the next block repeats this one's last overlap bytes
}

// overlap is how much of a line cut at a buffer's end the next buffer
// repeats, so that an error code or message across the cut is found whole.
const overlap = 4 << 10

const nBuffers = 3

// read fills buffers from r and sends them in order, each ending at a line
// end; the partial line at the end of one buffer starts the next. A sent
// block's buffer belongs to the receiver, who gives it back to s.free; the
// goroutine gives back the buffers it still holds when it stops.
func (s *Scanner) read(ctx context.Context, r io.Reader) <-chan block {
	out := make(chan block, 1)
	go func() {
		var buf, next []byte
		defer func() {
			for _, b := range [][]byte{buf, next} {
				if b != nil {
					s.free <- b
				}
			}
			close(out)
		}()
		take := func() []byte {
			select {
			case b := <-s.free:
				return b
			case <-ctx.Done():
				return nil
			}
		}
		if buf = take(); buf == nil {
			return
		}
		carry, repeat := 0, 0
		for {
			n, err := fill(r, buf[carry:])
			data := buf[:carry+n]
			b := block{buf: buf, data: data, eof: err != nil, err: err, repeat: repeat}
			if !b.eof {
				if next = take(); next == nil {
					return
				}
				end := lineEnd(data)
				repeat = 0
				if end == len(data) && data[len(data)-1] != '\n' && len(data) > 2*overlap {
					// One line fills the buffer: cut it, and repeat its
					// last bytes at the start of the next buffer.
					end, repeat, b.cut = len(data)-overlap, overlap, true
				}
				carry = copy(next, data[end:])
				b.data = data[:end+repeat]
			}
			select {
			case out <- b:
				buf = nil // the receiver's now
			case <-ctx.Done():
				return
			}
			if b.eof {
				return
			}
			buf, next = next, nil
		}
	}()
	return out
}

// buffers makes the read buffers on first use.
func (s *Scanner) buffers() {
	if s.free == nil {
		s.free = make(chan []byte, nBuffers)
		for i := 0; i < nBuffers; i++ {
			s.free <- make([]byte, s.bufSize)
		}
	}
}

// lineEnd is where a full buffer is cut: after its last newline, or at its
// end when one line fills it.
func lineEnd(data []byte) int {
	if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
		return i + 1
	}
	return len(data)
}

// drain waits for the reader goroutine to stop and takes its buffers back.
func drain(blocks <-chan block, free chan []byte) {
	for b := range blocks {
		free <- b.buf
	}
}

// chunk handles complete lines (the last may lack its newline when eof).
func (s *Scanner) chunk(data []byte, eof bool) {
	nl := bytes.Count(data, []byte{'\n'})
	lines := int64(nl)
	if len(data) > 0 {
		s.partial = data[len(data)-1] != '\n' // a line cut at the buffer's end
	}
	if eof && s.partial {
		lines++
	}
	cont := s.cont // data starts inside a line that the last chunk began
	defer func() {
		// The pending entry may go on in the next chunk: keep what it
		// needs of this one's lines, the examples its count will show.
		for i := range s.pend {
			if p := &s.pend[i]; p.line != nil {
				if s.showsExample(p.m, s.pendTime) {
					p.ex = example(p.line, p.m.code, p.midLine)
				}
				p.line = nil
			}
		}
		s.line += int64(nl)
		s.rep.Lines += lines
		last := bytes.LastIndexByte(data, '\n') + 1 // start of the last line
		// The whole chunk may be the middle of one long line: its entry
		// and the last log time stay those of the line's first piece.
		oneLine := cont && last == 0
		// Carry the last log time into the next chunk.
		if !oneLine {
			if t, off, ok := timeBefore(data, len(data), s.loc); ok {
				s.lastTime, s.lastEntry = t, s.chunkStart+int64(off)
			}
		}
		// A line cut at the buffer's end goes on in the next chunk, with
		// the entry this chunk gave it.
		if s.partial && !eof {
			if !oneLine {
				s.contTime, s.contEntry = s.entryOf(data, last, len(data))
			}
			s.cont = true
		} else {
			s.cont = false
		}
	}()

	// Line starts of every line holding a trigger, in order.
	s.hits = findLines(data, s.hits[:0])
	if len(s.hits) == 0 {
		return
	}
	sort.Ints(s.hits)
	cursor, lineNo := 0, s.line // lineNo: newlines before cursor
	prev := -1
	for _, ls := range s.hits {
		if ls == prev {
			continue
		}
		prev = ls
		le := bytes.IndexByte(data[ls:], '\n')
		if le < 0 {
			le = len(data)
		} else {
			le += ls
		}
		line := bytes.TrimRight(data[ls:le], "\r")
		if s.cutTail && le == len(data) {
			// The next chunk repeats this piece's last bytes: leave
			// what lies there to it, as a code may be cut here; and do
			// not end inside a short word, which it reads whole.
			line = line[:max(len(line)-overlap/2, 0)]
			if n := len(line) - len(bytes.TrimRightFunc(line, isWordRune)); n <= 64 {
				line = line[:len(line)-n]
			}
		}
		lineNo += int64(bytes.Count(data[cursor:ls], []byte{'\n'}))
		cursor = ls
		ms := classify(line)
		if len(ms) == 0 {
			continue
		}
		midLine := cont && ls == 0 // the rest of a line the last chunk began
		t, entryOff := s.contTime, s.contEntry
		if !midLine {
			t, entryOff = s.entryOf(data, ls, le)
		}
		if !s.since.IsZero() && !t.IsZero() && t.Before(s.since) {
			continue
		}
		if entryOff != s.pendEntry {
			s.flush()
			s.pendEntry, s.pendTime = entryOff, t
		}
	next:
		for _, m := range ms {
			for _, p := range s.pend {
				if p.m == m {
					continue next // the entry's first line with it is its example
				}
			}
			s.pend = append(s.pend, pending{m: m, line: line, lineNo: lineNo + 1, midLine: midLine})
		}
	}
}

// entryOf returns the time and entry offset of the line data[ls:le]: its
// own time, or the nearest dated line's above it, or (no dated line above)
// no time and the line's own offset, so that each such line counts once.
func (s *Scanner) entryOf(data []byte, ls, le int) (time.Time, int64) {
	if t, entry, ok := timeBefore(data, le, s.loc); ok {
		return t, s.chunkStart + int64(entry)
	}
	if s.lastEntry >= 0 {
		return s.lastTime, s.lastEntry
	}
	return time.Time{}, s.chunkStart + int64(ls)
}

// flush counts the pending entry: per kind, the matches of the most
// specific rank its lines showed.
func (s *Scanner) flush() {
	var best [4]int // by kindOrder
	for _, p := range s.pend {
		k := kindOrder[p.m.kind]
		best[k] = max(best[k], rank(p.m))
	}
	for _, p := range s.pend {
		if rank(p.m) == best[kindOrder[p.m.kind]] {
			s.count(p, s.pendTime, s.pendEntry)
		}
	}
	s.pend, s.pendEntry = s.pend[:0], -1
}

// showsExample says whether counting m at t would show its line as the
// group's example: a new group, or the earliest dated occurrence so far
// (see count). Nothing else changes a group before the pending entry is
// counted, so this holds until then.
func (s *Scanner) showsExample(m match, t time.Time) bool {
	g := s.groups[string(m.kind)+"\x00"+m.code]
	return g == nil || !t.IsZero() && (g.first.IsZero() || t.Before(g.first))
}

// count records an occurrence.
func (s *Scanner) count(p pending, t time.Time, entry int64) {
	m, lineNo := p.m, p.lineNo
	ex := func() string {
		if p.line != nil {
			return example(p.line, p.m.code, p.midLine)
		}
		return p.ex
	}
	key := string(m.kind) + "\x00" + m.code
	g := s.groups[key]
	if g == nil {
		if len(s.groups) >= maxGroups {
			m.code = "other"
			key = string(m.kind) + "\x00other"
			g = s.groups[key]
		}
	}
	if g == nil {
		sum, fix := Advice(m.kind, m.code)
		if m.code == "other" {
			sum, fix = "Further distinct codes of this kind (more than whdctl keeps apart).", "Decode the example lines with 'whdctl diagnose aadsts'."
		}
		g = &Group{Kind: m.kind, Code: m.code, Summary: sum, Fix: fix, lastEntry: -1,
			Where: s.name + ":" + strconv.FormatInt(lineNo, 10), Example: ex()}
		s.groups[key] = g
		s.order = append(s.order, g)
	}
	// One log entry (a line and its stack trace) counts once per group.
	if entry >= 0 && g.lastFile == s.file && g.lastEntry == entry {
		return
	}
	g.lastFile, g.lastEntry = s.file, entry
	g.Count++
	if t.IsZero() {
		g.Undated++
		return
	}
	if g.first.IsZero() || t.Before(g.first) {
		// The earliest dated occurrence so far: it becomes the example.
		if !g.first.IsZero() || g.Count > 1 {
			g.Where, g.Example = s.name+":"+strconv.FormatInt(lineNo, 10), ex()
		}
		g.first = t
	}
	if t.After(g.last) {
		g.last = t
	}
}

// Report returns the groups found so far, sorted by kind, then count
// (highest first), then code.
func (s *Scanner) Report() Report {
	rep := s.rep
	rep.Groups = make([]Group, 0, len(s.groups))
	for _, g := range s.order {
		c := *g
		if !c.first.IsZero() {
			c.FirstSeen = c.first.Format(timeLayout)
			c.LastSeen = c.last.Format(timeLayout)
		}
		rep.Groups = append(rep.Groups, c)
	}
	sort.Slice(rep.Groups, func(i, j int) bool {
		a, b := rep.Groups[i], rep.Groups[j]
		if kindOrder[a.Kind] != kindOrder[b.Kind] {
			return kindOrder[a.Kind] < kindOrder[b.Kind]
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Code < b.Code
	})
	if rep.Errors == nil {
		rep.Errors = []FileError{}
	}
	return rep
}

// AddError records an input that could not be read.
func (s *Scanner) AddError(path string, err error) {
	s.rep.Errors = append(s.rep.Errors, FileError{Path: path, Error: err.Error()})
}

// findLines appends to hits the start of every line of data that holds a
// trigger. Large chunks are split at a line end and searched in parallel.
func findLines(data []byte, hits []int) []int {
	workers := min(runtime.GOMAXPROCS(0), 4)
	if workers < 2 || len(data) < 1<<20 {
		return searchTriggers(data, 0, hits)
	}
	parts := make([][]int, workers)
	var wg sync.WaitGroup
	start := 0
	for w := 0; w < workers; w++ {
		end := len(data)
		if w < workers-1 {
			end = (w + 1) * len(data) / workers
			if i := bytes.IndexByte(data[end:], '\n'); i >= 0 {
				end += i + 1
			} else {
				end = len(data)
			}
		}
		if end < start {
			end = start
		}
		wg.Add(1)
		go func(w, start, end int) {
			defer wg.Done()
			parts[w] = searchTriggers(data[start:end], start, nil)
		}(w, start, end)
		start = end
	}
	wg.Wait()
	for _, p := range parts {
		hits = append(hits, p...)
	}
	return hits
}

// searchTriggers appends the line starts (offset by base) of the lines of
// data holding a trigger.
func searchTriggers(data []byte, base int, hits []int) []int {
	for _, tr := range triggers {
		for i := 0; i < len(data); {
			j := bytes.Index(data[i:], tr)
			if j < 0 {
				break
			}
			p := i + j
			hits = append(hits, base+bytes.LastIndexByte(data[:p], '\n')+1)
			le := bytes.IndexByte(data[p:], '\n')
			if le < 0 {
				break
			}
			i = p + le + 1
		}
	}
	return hits
}

// timeLayout renders log times as written: wall clock in the scanner's
// zone (the server's local time).
const timeLayout = "2006-01-02 15:04:05"

// example is the line shown for a group: credentials masked (an
// authorization code in a redirect URL, tokens, secrets, passwords,
// Authorization headers) in the whole line first, then cut to maxExample
// around what matched. A line that starts inside a longer one (midLine)
// loses its first, partial word (at most 1 KiB of it), and the value after
// it when that word ends a key ("...word:"), since the key that would mark
// it as a secret was in the previous piece.
func example(line []byte, code string, midLine bool) string {
	s := strings.ToValidUTF8(string(line), "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "")
	if midLine {
		s = "… " + dropPartialWord(s)
	}
	s = strings.TrimSpace(redact.String(s))
	if len(s) > maxExample {
		// Keep the start of the line (its time and level) and, when what
		// matched lies beyond it, the text around that.
		at := strings.Index(s, code)
		for _, tr := range triggers {
			if at >= 0 {
				break
			}
			at = strings.Index(s, string(tr))
		}
		if at+len(code) <= maxExample-1 {
			s = cutRunes(s, 0, maxExample) + "…"
		} else {
			const head, before = 120, 100
			from := cutStart(s, at-before)
			window := cutRunes(s, from, from+maxExample-head-3)
			more := from+len(window) < len(s)
			s = cutRunes(s, 0, head) + " … " + window
			if more {
				s += "…"
			}
		}
	}
	return s
}

// dropPartialWord removes s's first word, which may be the tail of a word
// cut before it, and the word after it too when the first one ends like a
// key ("password:", "secret=").
func dropPartialWord(s string) string {
	const most = 1 << 10 // a word longer than this is not a key or a secret's tail only
	i := strings.IndexAny(s, " \t")
	if i < 0 || i > most {
		return s[cutStart(s, min(most, len(s))):]
	}
	first := s[:i]
	s = strings.TrimLeft(s[i:], " \t")
	if strings.HasSuffix(first, ":") || strings.HasSuffix(first, "=") {
		if j := strings.IndexAny(s, " \t"); j >= 0 {
			s = strings.TrimLeft(s[j:], " \t")
		} else {
			s = ""
		}
	}
	return s
}

// isWordRune: letters and digits, of which codes are made.
func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
}

// cutRunes returns s[from:to], with to moved back onto a rune start.
func cutRunes(s string, from, to int) string {
	if to >= len(s) {
		return s[from:]
	}
	for to > from && s[to]&0xC0 == 0x80 {
		to--
	}
	return s[from:to]
}

// cutStart moves i forward onto a rune start, within s.
func cutStart(s string, i int) int {
	i = max(i, 0)
	for i < len(s) && s[i]&0xC0 == 0x80 {
		i++
	}
	return i
}

// --- times -----------------------------------------------------------------

var (
	// Seconds may be left out: 2026-12-04 22:40.
	reISO    = lazyre.New(`(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?`)
	reTomcat = lazyre.New(`(\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{4}) (\d{2}):(\d{2}):(\d{2})`)
	reJUL    = lazyre.New(`^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)`)
	// 12/04/2026 10:00:00[.123] [PM] and 04.12.2026 10:00:00[,123]
	reNumeric = lazyre.New(`(\d{1,2})([/.])(\d{1,2})[/.](\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:[.,]\d{1,9})?(?: ?([AP]M)\b)?`)
	// java.util.Date.toString(): Sat Apr 20 10:00:00 UTC 2026
	// Dec 04 2026 22:00:00[.123]
	reMonthDayYear = lazyre.New(`(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:[.,]\d{1,9})?`)
	// Apache's access log: [04/Dec/2026:22:00:00 +0000]
	reApache   = lazyre.New(`(\d{2})/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/(\d{4}):(\d{2}):(\d{2}):(\d{2})`)
	reJavaDate = lazyre.New(`(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([A-Z][A-Za-z0-9+:-]{0,8}) (\d{4})`)
)

var months = map[string]time.Month{"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}

// hasClock says whether line holds a clock time (9:15:42, 22:40): a line without
// one has no log time, and most lines a scan looks at (stack trace lines)
// are ruled out here, before any regular expression.
func hasClock(line []byte) bool {
	for i := 1; i+2 < len(line); i++ {
		if line[i] == ':' && isDigit(line[i-1]) && isDigit(line[i+1]) && isDigit(line[i+2]) &&
			(i+3 == len(line) || line[i+3] == ':' || !isDigit(line[i+3])) { // 9:15:42, or 22:40 without seconds
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// date builds a time from fields read as numbers, or fails when one is out
// of range (time.Date would roll 31.02. over into March).
func date(year, month, day, hour, min, sec int, loc *time.Location) (time.Time, bool) {
	if month < 1 || month > 12 || day < 1 || hour > 23 || min > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, 0, loc)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

// numericTime reads 12/04/2026 10:00:00 and 04.12.2026 10:00:00. With
// slashes the month comes first, as Java writes dates for the en_US
// locale (and Windows for en-US), unless the first number cannot be a
// month (25/12/2026); with dots the day comes first, as everywhere dots
// are used. m is reNumeric's submatches.
func numericTime(m [][]byte, loc *time.Location) (time.Time, bool) {
	n := func(b []byte) int { v, _ := strconv.Atoi(string(b)); return v }
	a, b, year := n(m[1]), n(m[3]), n(m[4])
	month, day := a, b
	if m[2][0] == '.' || a > 12 {
		month, day = b, a
	}
	hour := n(m[5])
	switch string(m[8]) {
	case "AM", "PM":
		if hour < 1 || hour > 12 {
			return time.Time{}, false
		}
		hour %= 12
		if m[8][0] == 'P' {
			hour += 12
		}
	}
	return date(year, month, day, hour, n(m[6]), n(m[7]), loc)
}

// javaDateTime reads java.util.Date.toString(). Its zone is the JVM's
// default: UTC and GMT are instants; any other abbreviation (CET, EST,
// which Go cannot resolve alone) is the local zone, in which the JVM ran.
func javaDateTime(m [][]byte, loc *time.Location) (time.Time, bool) {
	n := func(b []byte) int { v, _ := strconv.Atoi(string(b)); return v }
	zone := loc
	switch string(m[6]) {
	case "UTC", "GMT", "Z", "UT":
		zone = time.UTC
	}
	t, ok := date(n(m[7]), int(months[string(m[1])]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), zone)
	if !ok {
		return t, false
	}
	return t.In(loc), true
}

// lineTime reads the log time near the start of a line: log4j
// "2024-04-20 09:15:42,118", ISO 8601, Tomcat "20-Apr-2024 09:15:42.118",
// java.util.logging "Apr 20, 2024 9:15:42 AM", the wrapper's
// "INFO | jvm 1 | 2024/04/20 09:15:42", "04/20/2024 09:15:42" (month
// first, see numericTime), "20.04.2024 09:15:42" and Java's Date.toString()
// "Sat Apr 20 09:15:42 UTC 2024". A time after a label
// ("Timestamp: ...") is a field of the message, not the line's time.
//
// A time without a UTC offset is wall clock in loc (WHD writes local
// time); one with an offset is that instant. Both are returned in loc.
func lineTime(line []byte, loc *time.Location) (time.Time, bool) {
	line = bytes.TrimLeft(line, "\x00") // zero-filled space a crash left before it
	if len(line) > 64 {
		line = line[:64]
	}
	if len(line) < 16 || !hasClock(line) {
		return time.Time{}, false
	}
	if m := reJUL().FindSubmatch(line); m != nil {
		t, err := time.ParseInLocation("Jan 2, 2006 3:04:05 PM", string(m[0]), loc)
		return t, err == nil
	}
	if at := reISO().FindSubmatchIndex(line); at != nil && at[0] <= 40 && !labelled(line[:at[0]]) {
		s := string(line[at[0]:at[1]])
		s = strings.NewReplacer("/", "-", "T", " ", ",", ".").Replace(s)
		if at[12] < 0 { // no seconds
			if at[1] < len(line) && (line[at[1]] == ':' || line[at[1]] == '.') {
				return time.Time{}, false // 22:40:1, 22:40.5: not a time
			}
			s = s[:16] + ":00" + s[16:]
		}
		zone := loc
		if at[14] < 0 { // no offset joined to the time: one after a space?
			if z, ok := zoneAfter(line, at[1]); ok {
				zone = z
			}
		}
		for _, layout := range []string{"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z0700", "2006-01-02 15:04:05.999999999"} {
			if t, err := time.ParseInLocation(layout, s, zone); err == nil {
				return t.In(loc), true
			}
		}
		return time.Time{}, false
	}
	if at := reTomcat().FindIndex(line); at != nil && at[0] <= 40 && !labelled(line[:at[0]]) {
		zone := loc
		if z, ok := zoneAfter(line, at[1]); ok {
			zone = z
		}
		t, err := time.ParseInLocation("02-Jan-2006 15:04:05", string(line[at[0]:at[1]]), zone)
		return t.In(loc), err == nil
	}
	if m := reNumeric().FindSubmatchIndex(line); m != nil && m[0] <= 40 && !labelled(line[:m[0]]) &&
		(m[0] == 0 || !isWordRune(rune(line[m[0]-1])) && !strings.ContainsRune("/.-:", rune(line[m[0]-1]))) { // not inside a version or path
		zone := loc
		if z, ok := zoneAfter(line, m[1]); ok {
			zone = z
		}
		t, ok := numericTime(submatches(line, m), zone)
		return t.In(loc), ok
	}
	if m := reJavaDate().FindSubmatchIndex(line); m != nil && m[0] <= 40 && !labelled(line[:m[0]]) {
		return javaDateTime(submatches(line, m), loc)
	}
	if m := reMonthDayYear().FindSubmatchIndex(line); m != nil && m[0] <= 40 && !labelled(line[:m[0]]) &&
		(m[0] == 0 || !isWordRune(rune(line[m[0]-1]))) {
		f := submatches(line, m)
		return fieldsTime(line, m[1], months[string(f[1])], f[2], f[3], f[4], f[5], f[6], loc)
	}
	if m := reApache().FindSubmatchIndex(line); m != nil && m[0] <= 40 && !labelled(line[:m[0]]) {
		f := submatches(line, m)
		return fieldsTime(line, m[1], months[string(f[2])], f[1], f[3], f[4], f[5], f[6], loc)
	}
	return time.Time{}, false
}

// fieldsTime builds a time from a month and the number fields read of a
// log time ending at line[end:], in the zone that follows it, if any
// (see zoneAfter), else in loc. The result is in loc.
func fieldsTime(line []byte, end int, month time.Month, day, year, hour, min, sec []byte, loc *time.Location) (time.Time, bool) {
	n := func(b []byte) int { v, _ := strconv.Atoi(string(b)); return v }
	zone := loc
	if z, ok := zoneAfter(line, end); ok {
		zone = z
	}
	t, ok := date(n(year), int(month), n(day), n(hour), n(min), n(sec), zone)
	return t.In(loc), ok
}

// reDateLike is a date at a line's start, in any of the usual orders and
// spellings, read or not: 2026.12.04, 04 Dec 2026, Friday, December 4.
var reDateLike = lazyre.New(`^\[?(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|` +
	`\d{1,2}[-/ ]` + monthName + `[-/ ,]+\d{2,4}|` + monthName + `\.?[ -]{1,2}\d{1,2}|` +
	`(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?,? +(?:` + monthName + `|\d))(?:[^0-9A-Za-z]|$)`)

const monthName = `(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`

// dateLike says whether line starts with a date, as a log entry does, in
// a form lineTime may not read. Such a line starts an entry of its own
// (without a time) rather than going on the entry above it.
func dateLike(line []byte) bool {
	line = bytes.TrimLeft(line, "\x00")
	if len(line) > 0 && line[0] == '[' {
		line = line[1:]
	}
	if len(line) < 4 || !isDigit(line[0]) && !strings.ContainsRune("JFMASONDTW", rune(line[0])) {
		return false
	}
	return reDateLike().Match(line[:min(len(line), 40)])
}

// zoneAfter reads the UTC offset or zone that directly follows a log time
// ending at line[i:], after one space (and the time's fraction of a
// second, when the time was read without it): log4j's
// %d{yyyy-MM-dd HH:mm:ss Z} writes "2026-12-05 03:01:22 +0530". Only
// UTC, GMT, Z and a numeric offset (+hhmm, +hh:mm) are read; another zone
// name (CET, EST) is ambiguous, so the time stays wall clock in the local
// zone, and so does anything that only starts like a zone (GMT+9, UTCX).
func zoneAfter(line []byte, i int) (*time.Location, bool) {
	if i < len(line) && (line[i] == '.' || line[i] == ',') {
		j := i + 1
		for j < len(line) && isDigit(line[j]) {
			j++
		}
		if j > i+1 {
			i = j
		}
	}
	if i+1 >= len(line) || line[i] != ' ' {
		return nil, false
	}
	rest := line[i+1:]
	ends := func(n int) bool { // the zone is a whole word
		return n == len(rest) || !isWordRune(rune(rest[n])) && !strings.ContainsRune("+-:.", rune(rest[n]))
	}
	for _, name := range []string{"UTC", "GMT", "Z"} {
		if bytes.HasPrefix(rest, []byte(name)) && ends(len(name)) {
			return time.UTC, true
		}
	}
	if rest[0] != '+' && rest[0] != '-' {
		return nil, false
	}
	n := 1
	digits := func(k int) (int, bool) {
		if n+k > len(rest) {
			return 0, false
		}
		v := 0
		for _, c := range rest[n : n+k] {
			if !isDigit(c) {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		n += k
		return v, true
	}
	hh, ok := digits(2)
	if !ok {
		return nil, false
	}
	if n < len(rest) && rest[n] == ':' {
		n++
	}
	mm, ok := digits(2)
	if !ok || !ends(n) || hh > 18 || mm > 59 {
		return nil, false
	}
	off := hh*3600 + mm*60
	if rest[0] == '-' {
		off = -off
	}
	if off == 0 {
		return time.UTC, true
	}
	return time.FixedZone("", off), true
}

// submatches turns FindSubmatchIndex's result into the submatches (nil for
// a group that did not take part).
func submatches(line []byte, at []int) [][]byte {
	out := make([][]byte, len(at)/2)
	for i := range out {
		if at[2*i] >= 0 {
			out[i] = line[at[2*i]:at[2*i+1]]
		}
	}
	return out
}

func labelled(prefix []byte) bool {
	p := bytes.TrimRight(prefix, " \t\"'[")
	return len(p) > 0 && (p[len(p)-1] == ':' || p[len(p)-1] == '=')
}

// maxBack bounds how far back a continuation line looks for its entry's
// time: a stack trace is rarely longer.
const maxBack = 64 << 10

// timeBefore finds the last line starting before end (end is the end of a
// line) that carries a log time, looking back at most maxBack bytes. It
// returns the time and that line's offset. loc is the zone of times
// written without an offset. A line that starts with a date lineTime does
// not read (see dateLike) is an entry too: the zero time and its offset.
func timeBefore(data []byte, end int, loc *time.Location) (time.Time, int, bool) {
	limit := end - maxBack
	for e := end; e > 0 && e > limit; {
		ls := bytes.LastIndexByte(data[:e], '\n')
		start := ls + 1
		if t, ok := lineTime(data[start:e], loc); ok {
			return t, start, true
		}
		if dateLike(data[start:e]) { // an entry of its own, without a time
			return time.Time{}, start, true
		}
		if ls < 0 {
			break
		}
		e = ls
	}
	return time.Time{}, 0, false
}

// ParseSince reads --since: a date ("2024-04-20"), a date and time
// ("2024-04-20 09:00", "2024-04-20T09:00:00", RFC 3339), or an age
// ("36h", "7d", "90m") counted back from now. A date or time without an
// offset is wall clock in now's zone, the zone the log's own times are
// read in (time.Local for the command).
func ParseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("--since is empty")
	}
	if n := len(s); n > 1 && strings.ContainsRune("dhm", rune(s[n-1])) {
		if v, err := strconv.Atoi(s[:n-1]); err == nil && v >= 0 && v <= 100000 {
			unit := map[byte]time.Duration{'d': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute}[s[n-1]]
			return now.Add(-time.Duration(v) * unit), nil
		}
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, now.Location()); err == nil {
			return t.In(now.Location()), nil
		}
	}
	return time.Time{}, fmt.Errorf("--since %q is not a date: use 2024-04-20, \"2024-04-20 09:00\", or an age such as 7d or 36h", s)
}

// fill reads until buf is full or r fails; unlike io.ReadAtLeast it passes
// r's error on unchanged, so a gzip stream cut short (io.ErrUnexpectedEOF)
// is not mistaken for a normal end.
func fill(r io.Reader, buf []byte) (int, error) {
	n, zeros := 0, 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
		if m == 0 {
			if zeros++; zeros > 100 { // io.Reader allows 0, nil, but not forever
				return n, io.ErrNoProgress
			}
		}
	}
	return n, nil
}
