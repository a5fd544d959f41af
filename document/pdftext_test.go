package document

import (
	"bytes"
	"compress/zlib"
	"io"
	"testing"
	"unicode/utf16"
)

// pdfText extracts the text a PDF shows, one piece per text object (BT …
// ET) that shows any, in drawing order: each page's content stream is inflated and its
// strings, which fpdf writes as UTF-16BE for a Unicode font, decoded.
func pdfText(t *testing.T, raw []byte) []string {
	t.Helper()
	var out []string
	for rest := raw; ; {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			return out
		}
		rest = rest[i+len("stream\n"):]
		end := bytes.Index(rest, []byte("endstream"))
		if end < 0 {
			t.Fatal("a stream has no end")
		}
		content := rest[:end]
		if zr, err := zlib.NewReader(bytes.NewReader(content)); err == nil {
			if inflated, err := io.ReadAll(zr); err == nil {
				content = inflated
			}
		}
		if bytes.Contains(content, []byte("BT ")) && bytes.Contains(content, []byte(" ET")) {
			out = append(out, textObjects(content)...)
		}
		rest = rest[end+len("endstream"):]
	}
}

// textObjects reads the strings of each BT … ET in a content stream.
func textObjects(content []byte) []string {
	var out []string
	for {
		bt := bytes.Index(content, []byte("BT "))
		if bt < 0 {
			return out
		}
		et := bytes.Index(content[bt:], []byte(" ET"))
		if et < 0 {
			return out
		}
		var text []uint16
		obj := content[bt : bt+et]
		for i := 0; i < len(obj); i++ {
			if obj[i] == '(' {
				s, n := pdfString(obj[i+1:])
				for j := 0; j+1 < len(s); j += 2 {
					text = append(text, uint16(s[j])<<8|uint16(s[j+1]))
				}
				i += n
			}
		}
		if len(text) > 0 {
			out = append(out, string(utf16.Decode(text)))
		}
		content = content[bt+et+3:]
	}
}

// pdfString reads a literal string's bytes up to its closing parenthesis,
// undoing the escapes, and says how many bytes it took.
func pdfString(b []byte) ([]byte, int) {
	var s []byte
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case ')':
			return s, i + 1
		case '\\':
			i++
			switch b[i] {
			case 'n':
				s = append(s, '\n')
			case 'r':
				s = append(s, '\r')
			case 't':
				s = append(s, '\t')
			default:
				s = append(s, b[i])
			}
		default:
			s = append(s, c)
		}
	}
	return s, len(b)
}
