package document

// The indicator table and the signature block of the PDF.

const (
	tablePt  = 12.0
	cellPad  = 1.2 // mm around a cell's text
	pageFoot = 297 - pageBottom
)

// table draws the indicator table, repeating its header on every page.
func (p *pdfWriter) table(t *table) {
	p.f.SetY(p.f.GetY() + 2)
	p.row(t, t.Header, true)
	for _, r := range t.Rows {
		if p.f.GetY()+p.rowHeight(t, r, false) > pageFoot {
			p.f.AddPage()
			p.row(t, t.Header, true)
		}
		p.row(t, r, false)
	}
	p.f.SetXY(pageLeft, p.f.GetY()+1)
}

// cellLines wraps each cell of a row to its column.
func (p *pdfWriter) cellLines(t *table, cells []string, head bool) [][]string {
	style := ""
	if head {
		style = "B"
	}
	p.f.SetFont(serif, style, tablePt)
	out := make([][]string, len(cells))
	for i, c := range cells {
		out[i] = p.f.SplitText(c, t.Widths[i]-2*cellPad)
		if len(out[i]) == 0 {
			out[i] = []string{""}
		}
	}
	return out
}

func (p *pdfWriter) rowHeight(t *table, cells []string, head bool) float64 {
	n := 1
	for _, lines := range p.cellLines(t, cells, head) {
		n = max(n, len(lines))
	}
	return float64(n)*lineHeight(tablePt) + 2*cellPad
}

// row draws one row of bordered cells, each cell's lines centred
// vertically; the name column is left-aligned, the others centred.
func (p *pdfWriter) row(t *table, cells []string, head bool) {
	f := p.f
	h := p.rowHeight(t, cells, head)
	lines := p.cellLines(t, cells, head)
	y, x := f.GetY(), pageLeft
	f.SetLineWidth(0.2)
	f.SetFillColor(242, 242, 242)
	lh := lineHeight(tablePt)
	for i, w := range t.Widths {
		style := "D"
		if head {
			style = "FD"
		}
		f.Rect(x, y, w, h, style)
		top := y + (h-float64(len(lines[i]))*lh)/2
		align := "C"
		if i == 1 && !head {
			align = "L"
		}
		for j, line := range lines[i] {
			f.SetXY(x+cellPad, top+float64(j)*lh)
			f.CellFormat(w-2*cellPad, lh, line, "", 0, align, false, 0, "")
		}
		x += w
	}
	f.SetXY(pageLeft, y+h)
}

// signature draws "Nơi nhận" on the left and the signer's title on the
// right, kept on one page.
func (p *pdfWriter) signature() {
	const leftW, rightX, rightW = 80.0, pageLeft + 80.0, textWidth - 80.0
	f, l := p.f, p.l
	need := float64(len(l.Signer))*lineHeight(14) + 35
	need = max(need, float64(len(l.Recipients)+1)*lineHeight(11)+10)
	if f.GetY()+8+need > pageFoot {
		f.AddPage()
	}
	y := f.GetY() + 8
	f.SetFont(serif, "BI", 12)
	f.SetXY(pageLeft, y)
	f.CellFormat(leftW, lineHeight(12), l.RecipientsHead, "", 2, "L", false, 0, "")
	f.SetFont(serif, "", 11)
	for _, r := range l.Recipients {
		f.SetX(pageLeft)
		f.MultiCell(leftW, lineHeight(11), "- "+r, "", "L", false)
	}
	sy := p.centred(rightX, y, rightW, "B", 14, l.Signer)
	p.centred(rightX, sy+25, rightW, "B", 14, []string{l.SignerName})
}
