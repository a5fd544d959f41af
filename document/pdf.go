package document

import (
	"fmt"
	"io"
	"strconv"

	"codeberg.org/go-fonts/liberation/liberationserifbold"
	"codeberg.org/go-fonts/liberation/liberationserifbolditalic"
	"codeberg.org/go-fonts/liberation/liberationserifitalic"
	"codeberg.org/go-fonts/liberation/liberationserifregular"
	"codeberg.org/go-pdf/fpdf"

	"treembot/locales"
)

// The page, in millimetres: A4 with the decree's margins (top 20, bottom
// 20, left 30, right 15), so the text is 165 mm wide.
const (
	pageLeft   = 30.0
	pageTop    = 20.0
	pageRight  = 15.0
	pageBottom = 20.0
	textWidth  = 210 - pageLeft - pageRight
	indent     = 10.0 // a paragraph's first line
	serif      = "serif"
)

// lineHeight is the distance between lines of size pt: 1.25 lines.
func lineHeight(pt float64) float64 { return pt * 25.4 / 72 * 1.25 }

// pdfWriter draws one layout.
type pdfWriter struct {
	f *fpdf.Fpdf
	l *layout
}

// WritePDF writes r as a PDF with the same content as its Word document.
func WritePDF(w io.Writer, cat *locales.Catalog, r *Report) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(pageLeft, pageTop, pageRight)
	f.SetAutoPageBreak(true, pageBottom)
	f.SetCellMargin(0)
	for style, ttf := range map[string][]byte{"": liberationserifregular.TTF, "B": liberationserifbold.TTF,
		"I": liberationserifitalic.TTF, "BI": liberationserifbolditalic.TTF} {
		f.AddUTF8FontFromBytes(serif, style, ttf)
	}
	// Fixed dates and sorted objects keep one report one file.
	f.SetCreationDate(r.Date)
	f.SetModificationDate(r.Date)
	f.SetCatalogSort(true)
	p := &pdfWriter{f: f, l: lay(cat, r)}
	f.SetTitle(p.l.Title+" – "+p.l.Subtitle, true)
	f.SetLang(r.Lang)
	f.SetHeaderFunc(p.pageNumber)
	f.AddPage()
	p.header()
	p.title()
	for _, b := range p.l.Body {
		p.block(b)
	}
	p.signature()
	if err := f.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// pageNumber writes the page's number at the top from page 2 on, as the
// decree asks.
func (p *pdfWriter) pageNumber() {
	if p.f.PageNo() < 2 {
		return
	}
	p.f.SetFont(serif, "", 13)
	p.f.SetXY(pageLeft, 10)
	p.f.CellFormat(textWidth, 5, strconv.Itoa(p.f.PageNo()), "", 0, "C", false, 0, "")
	p.f.SetXY(pageLeft, pageTop)
}

// centred writes lines centred in the column [x, x+w] from y on, wrapping
// those too wide, and returns the y under them.
func (p *pdfWriter) centred(x, y, w float64, style string, pt float64, lines []string) float64 {
	p.f.SetFont(serif, style, pt)
	lh := lineHeight(pt)
	for _, line := range lines {
		for _, part := range p.f.SplitText(line, w) {
			p.f.SetXY(x, y)
			p.f.CellFormat(w, lh, part, "", 0, "C", false, 0, "")
			y += lh
		}
	}
	return y
}

// rule draws a short line of length w centred in [x, x+colW] at y.
func (p *pdfWriter) rule(x, colW, w, y float64) {
	p.f.SetLineWidth(0.3)
	p.f.Line(x+(colW-w)/2, y, x+(colW+w)/2, y)
}

// header draws the issuing body and number on the left, the motto and the
// place and date on the right.
func (p *pdfWriter) header() {
	const leftW, rightX, rightW = 65.0, pageLeft + 65.0, textWidth - 65.0
	l := p.l
	y := p.centred(pageLeft, pageTop, leftW, "", 13, l.ParentBody)
	y = p.centred(pageLeft, y, leftW, "B", 13, l.IssuingBody)
	p.rule(pageLeft, leftW, 22, y+1.5)
	ry := p.centred(rightX, pageTop, rightW, "B", 12, []string{l.Nation})
	ry = p.centred(rightX, ry, rightW, "B", 13, []string{l.Motto})
	p.rule(rightX, rightW, p.f.GetStringWidth(l.Motto), ry+1.5)
	row := max(y, ry) + 3
	p.centred(pageLeft, row, leftW, "", 13, []string{l.Number})
	end := p.centred(rightX, row, rightW, "I", 14, []string{l.PlaceDate})
	p.f.SetXY(pageLeft, end)
}

// title draws "BÁO CÁO" and what it is about, with a rule under them.
func (p *pdfWriter) title() {
	y := p.centred(pageLeft, p.f.GetY()+8, textWidth, "B", 14, []string{p.l.Title})
	y = p.centred(pageLeft+10, y, textWidth-20, "B", 14, []string{p.l.Subtitle})
	p.rule(pageLeft, textWidth, 40, y+1.5)
	p.f.SetXY(pageLeft, y+6)
}

// block draws one piece of the body.
func (p *pdfWriter) block(b block) {
	switch b.Kind {
	case blockHeading:
		p.keepWithNext()
		p.paragraph(b.Text, "B", indent, 3)
	case blockSubhead:
		p.keepWithNext()
		p.paragraph(b.Text, "BI", indent, 1.5)
	case blockBullet:
		p.paragraph("- "+b.Text, "", indent, 1)
	case blockTable:
		p.table(b.Table)
	default:
		p.paragraph(b.Text, "", indent, 1.5)
	}
}

// keepWithNext starts a new page for a heading that would otherwise end
// one, with less than three lines under it.
func (p *pdfWriter) keepWithNext() {
	if p.f.GetY()+4*lineHeight(14) > pageFoot {
		p.f.AddPage()
	}
}

// paragraph writes justified text in 14 pt, its first line indented, with
// space before it.
func (p *pdfWriter) paragraph(text, style string, first, before float64) {
	f := p.f
	f.SetFont(serif, style, 14)
	lh := lineHeight(14) * 1.05
	lines := f.SplitText(text, textWidth-first)
	if len(lines) > 1 {
		lines = append(lines[:1], f.SplitText(restAfter(text, lines[0]), textWidth)...)
	}
	f.SetY(f.GetY() + before)
	for i, line := range lines {
		x, w, align := pageLeft, textWidth, "J"
		if i == 0 {
			x, w = pageLeft+first, textWidth-first
		}
		if i == len(lines)-1 {
			align = "L"
		}
		if f.GetY()+lh > pageFoot {
			f.AddPage()
		}
		f.SetX(x)
		f.CellFormat(w, lh, line, "", 2, align, false, 0, "")
	}
}

// restAfter is text without its first line and the space that ended it.
func restAfter(text, first string) string {
	rest := []rune(text)[len([]rune(first)):]
	for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\n') {
		rest = rest[1:]
	}
	return string(rest)
}
