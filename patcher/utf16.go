package patcher

// UTF16Message says a file is UTF-16 text (Windows Notepad's "Unicode"),
// which neither the wrapper nor bash reads as a config file; "" when data
// (the start of the file) does not look like UTF-16.
func UTF16Message(data []byte) string {
	kind := ""
	switch {
	case len(data) >= 4 && data[0] == 0xFF && data[1] == 0xFE && data[2] == 0 && data[3] == 0:
		kind = "UTF-32 (little-endian, with a byte order mark)"
	case len(data) >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0xFE && data[3] == 0xFF:
		kind = "UTF-32 (big-endian, with a byte order mark)"
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		kind = "UTF-16 (little-endian, with a byte order mark)"
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		kind = "UTF-16 (big-endian, with a byte order mark)"
	default:
		// Without a BOM: ASCII text in UTF-16 has a NUL in every other byte.
		n := min(len(data), 512) &^ 1
		if n < 4 {
			return ""
		}
		var nulEven, nulOdd int
		for i := 0; i < n; i++ {
			if data[i] == 0 {
				if i%2 == 0 {
					nulEven++
				} else {
					nulOdd++
				}
			}
		}
		switch half := n / 2; {
		case nulOdd*10 >= half*9 && nulEven == 0:
			kind = "UTF-16 (little-endian, without a byte order mark)"
		case nulEven*10 >= half*9 && nulOdd == 0:
			kind = "UTF-16 (big-endian, without a byte order mark)"
		default:
			return ""
		}
	}
	return "is saved as " + kind + ", which WHD does not read as a config file: save it as UTF-8 without BOM (Notepad: File > Save As > Encoding UTF-8)"
}
