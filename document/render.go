package document

import (
	"fmt"
	"io"
	"strings"

	"treembot/locales"
)

// Formats a report can be written in.
const (
	DOCX = "docx"
	PDF  = "pdf"
)

// ParseFormat reads a --format value ("" = DOCX), or says what is allowed.
func ParseFormat(s string) (string, error) {
	switch f := strings.ToLower(strings.TrimSpace(s)); f {
	case "", DOCX:
		return DOCX, nil
	case PDF:
		return PDF, nil
	default:
		return "", fmt.Errorf("unknown document format %q: use docx or pdf", s)
	}
}

// Render writes r in format (DOCX or PDF).
func Render(w io.Writer, cat *locales.Catalog, r *Report, format string) error {
	switch format {
	case DOCX:
		return WriteDOCX(w, cat, r)
	case PDF:
		return WritePDF(w, cat, r)
	}
	return fmt.Errorf("unknown document format %q: use docx or pdf", format)
}

// FileName is the report's download name: "baocao-VQ-XL-2025-H1.docx".
func (r *Report) FileName(format string) string {
	return fmt.Sprintf("baocao-%s-%s.%s", r.UnitCode, r.PeriodCode, format)
}

// MIMEType is what a channel announces for a file in format.
func MIMEType(format string) string {
	if format == PDF {
		return "application/pdf"
	}
	return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
}
