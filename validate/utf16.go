package validate

import (
	"io"
	"os"

	"github.com/whdctl/whdctl/patcher"
)

// utf16Message says a file is UTF-16 text (see patcher.UTF16Message).
func utf16Message(data []byte) string { return patcher.UTF16Message(data) }

// utf16File checks the start of the file at path (see utf16Message).
func utf16File(path string) string {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return "" // never open a FIFO or a device: it may block
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, _ := io.ReadFull(f, buf)
	return utf16Message(buf[:n])
}
