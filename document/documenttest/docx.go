package documenttest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Text is what a reader sees in word/document.xml: every paragraph's text
// in order, and every table as its rows' cells' text.
type Text struct {
	Paragraphs []string
	Tables     [][][]string
}

// HasParagraph reports whether some paragraph reads exactly want.
func (w *Text) HasParagraph(want string) bool { return slices.Contains(w.Paragraphs, want) }

// Row is the first row of any table whose first cell is code, or nil.
func (w *Text) Row(code string) []string {
	for _, tab := range w.Tables {
		for _, row := range tab {
			if len(row) > 0 && row[0] == code {
				return row
			}
		}
	}
	return nil
}

// ReadDOCX unzips a .docx, checks every part is well-formed XML and the
// package has its required parts, and reads the document's text.
func ReadDOCX(raw []byte) (*Text, error) {
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("not a zip: %w", err)
	}
	var doc []byte
	for _, f := range z.File {
		data, err := readPart(f)
		if err != nil {
			return nil, err
		}
		if err := wellFormed(data); err != nil {
			return nil, fmt.Errorf("%s is not well-formed XML: %w", f.Name, err)
		}
		if f.Name == "word/document.xml" {
			doc = data
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/styles.xml", "word/document.xml"} {
		if !slices.ContainsFunc(z.File, func(f *zip.File) bool { return f.Name == name }) {
			return nil, fmt.Errorf("the docx has no %s", name)
		}
	}
	return documentText(doc)
}

func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", f.Name, err)
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// documentText walks the WordprocessingML: w:t is text, w:p a paragraph,
// w:tc a cell, w:tr a row, w:tbl a table (none is nested here).
func documentText(doc []byte) (*Text, error) {
	out := &Text{}
	var para, cell strings.Builder
	var row []string
	inText, inCell := false, false
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, fmt.Errorf("word/document.xml: %w", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			inText = el.Name.Local == "t"
			switch el.Name.Local {
			case "tbl":
				out.Tables = append(out.Tables, nil)
			case "tr":
				row = nil
			case "tc":
				inCell = true
			}
		case xml.CharData:
			if inText {
				para.Write(el)
			}
		case xml.EndElement:
			inText = false
			switch el.Name.Local {
			case "p":
				out.Paragraphs = append(out.Paragraphs, para.String())
				if inCell {
					cell.WriteString(para.String())
				}
				para.Reset()
			case "tc":
				row = append(row, cell.String())
				cell.Reset()
				inCell = false
			case "tr":
				last := len(out.Tables) - 1
				out.Tables[last] = append(out.Tables[last], row)
			}
		}
	}
}
