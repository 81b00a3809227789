package patcher

import (
	"bytes"
	"sort"
)

// lineEditor applies line-level edits to a file split into lines, keeping
// every byte it is not told to change. It is shared by both formats.
type lineEditor struct {
	src     []byte
	lines   []edLine
	eol     string           // for new lines
	repl    map[int][]span   // line index -> replacements within the line
	deleted map[int]bool     // line index -> removed
	inserts map[int][]string // after line index (-1: at the top) -> new lines
	outLine map[int]int      // filled by render: line index -> output line number
	newLine map[string]int   // filled by render: inserted text -> output line number
}

type edLine struct {
	start, end int
	eol        string
}

type span struct {
	start, end int // absolute offsets in src
	text       string
}

func newLineEditor(src []byte, lines []edLine, eol string) *lineEditor {
	return &lineEditor{src: src, lines: lines, eol: eol, repl: map[int][]span{}, deleted: map[int]bool{}, inserts: map[int][]string{}}
}

func (e *lineEditor) replace(line, start, end int, text string) {
	e.repl[line] = append(e.repl[line], span{start, end, text})
}
func (e *lineEditor) remove(line int)                { e.deleted[line] = true }
func (e *lineEditor) insertAfter(line int, s string) { e.inserts[line] = append(e.inserts[line], s) }

func (e *lineEditor) render() []byte {
	var out bytes.Buffer
	out.Grow(len(e.src) + 256)
	e.outLine = map[int]int{}
	e.newLine = map[string]int{}
	n := 0
	lastEOL := true
	emitNew := func(at int) {
		for _, s := range e.inserts[at] {
			if !lastEOL {
				out.WriteString(e.eol)
			}
			out.WriteString(s)
			out.WriteString(e.eol)
			n++
			e.newLine[s] = n
			lastEOL = true
		}
	}
	emitNew(-1)
	for i, l := range e.lines {
		if !e.deleted[i] {
			rs := e.repl[i]
			sort.Slice(rs, func(a, b int) bool { return rs[a].start < rs[b].start })
			pos := l.start
			for _, r := range rs {
				out.Write(e.src[pos:r.start])
				out.WriteString(r.text)
				pos = r.end
			}
			out.Write(e.src[pos:l.end])
			out.WriteString(l.eol)
			n++
			e.outLine[i] = n
			lastEOL = l.eol != ""
		}
		emitNew(i)
	}
	b := out.Bytes()
	// Keep the trailing-newline state of the original.
	origEnds := len(e.lines) == 0 || e.lines[len(e.lines)-1].eol != ""
	if !origEnds && len(e.lines) > 0 {
		b = bytes.TrimSuffix(b, []byte(e.eol))
	}
	return b
}
