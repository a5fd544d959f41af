package document

import (
	"archive/zip"
	"bytes"
	"embed"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"text/template"

	"treembot/locales"
)

// The parts of the .docx, unzipped: see the package doc for why.
//
//go:embed docx
var docxParts embed.FS

// docxTemplates are parsed once; a broken template fails every test.
var docxTemplates = template.Must(template.New("docx").Funcs(template.FuncMap{
	"x":  escapeXML,
	"tw": func(mm float64) int { return int(math.Round(mm * 1440 / 25.4)) },
}).ParseFS(docxParts, "docx/*.tmpl"))

// docxEntries maps each part's name in the zip to its file here (a name
// starting with "_" or "[" cannot be embedded as it is).
var docxEntries = []struct{ zipName, file string }{
	{"[Content_Types].xml", "content_types.xml"},
	{"_rels/.rels", "rels.xml"},
	{"docProps/core.xml", "core.xml.tmpl"},
	{"word/_rels/document.xml.rels", "document_rels.xml"},
	{"word/styles.xml", "styles.xml"},
	{"word/header1.xml", "header1.xml"},
	{"word/document.xml", "document.xml.tmpl"},
}

// escapeXML makes s safe as XML character data or an attribute value, and
// drops the control characters XML 1.0 cannot hold at all.
func escapeXML(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, s)
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

// docxData is what the templates see.
type docxData struct {
	*layout
	Lang string
}

// WriteDOCX writes r as a Word document.
func WriteDOCX(w io.Writer, cat *locales.Catalog, r *Report) error {
	data := docxData{layout: lay(cat, r), Lang: r.Lang}
	zw := zip.NewWriter(w)
	for _, e := range docxEntries {
		// A fixed time keeps the same report byte-for-byte the same file.
		f, err := zw.CreateHeader(&zip.FileHeader{Name: e.zipName, Method: zip.Deflate, Modified: r.Date})
		if err != nil {
			return fmt.Errorf("write docx %s: %w", e.zipName, err)
		}
		if err := writePart(f, e.file, data); err != nil {
			return fmt.Errorf("write docx %s: %w", e.zipName, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write docx: %w", err)
	}
	return nil
}

// writePart copies a fixed part or fills a template.
func writePart(w io.Writer, file string, data docxData) error {
	if strings.HasSuffix(file, ".tmpl") {
		var buf bytes.Buffer
		if err := docxTemplates.ExecuteTemplate(&buf, file, data); err != nil {
			return err
		}
		_, err := buf.WriteTo(w)
		return err
	}
	raw, err := docxParts.ReadFile("docx/" + file)
	if err != nil {
		return err
	}
	_, err = w.Write(raw)
	return err
}
