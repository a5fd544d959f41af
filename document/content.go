package document

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"treembot/locales"
)

// Kinds of block in the body, which both renderers draw.
const (
	blockHeading = "heading" // a numbered section: "I. TÌNH HÌNH GỬI BÁO CÁO"
	blockSubhead = "subhead" // a unit's name above its remarks
	blockPara    = "para"
	blockBullet  = "bullet" // a "- " line
	blockTable   = "table"
)

// block is one piece of the body.
type block struct {
	Kind  string
	Text  string
	Table *table
}

// table is the indicator table: a header row and one row per part. Widths
// are millimetres on the 165 mm between the margins.
type table struct {
	Header []string
	Widths []float64
	Rows   [][]string
}

// layout is a Report in words, ready to draw.
type layout struct {
	ParentBody     []string
	IssuingBody    []string
	Number         string
	Nation, Motto  string
	PlaceDate      string
	Title          string
	Subtitle       string
	Body           []block
	RecipientsHead string
	Recipients     []string
	Signer         []string
	SignerName     string
}

// lay writes r's words in r.Lang. Every string is NFC-normalised: text
// typed on a phone may carry combining accents, which neither Word's nor
// the PDF's font shaping is relied on to place.
func lay(cat *locales.Catalog, r *Report) *layout {
	t := func(id string, data ...map[string]any) string { return cat.T(r.Lang, id, data...) }
	period := t("document_period_"+r.PeriodKind, map[string]any{"Year": r.Year})
	words := map[string]any{"Unit": r.UnitName, "UnitMid": midSentence(r.Lang, r.UnitName), "Plan": r.PlanName, "Period": period}
	l := &layout{ParentBody: splitLines(r.ParentBody), IssuingBody: splitLines(r.IssuingBody),
		Number: t("document_number", map[string]any{"Code": r.NumberCode}),
		Nation: t("document_motto_nation"), Motto: t("document_motto_words"),
		PlaceDate: placeDate(cat, r), Title: t("document_title"), Subtitle: t("document_subtitle", words),
		RecipientsHead: t("document_recipients_head"), Recipients: recipientLines(r.Recipients),
		Signer: splitLines(r.SignerTitle), SignerName: r.SignerName}
	l.Body = append(l.Body, block{Kind: blockPara, Text: t("document_intro", words)})
	l.Body = append(l.Body, completenessBlocks(t, r)...)
	l.Body = append(l.Body, resultBlocks(cat, r)...)
	l.Body = append(l.Body, remarkBlocks(t, r)...)
	l.Body = append(l.Body, block{Kind: blockPara, Text: t("document_closing", words)})
	l.normalise()
	return l
}

// recipientLines ends each recipient but the last with ";", as the
// decree's "Nơi nhận" does.
func recipientLines(rs []string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		r = strings.TrimRight(strings.TrimSpace(r), ";")
		if i < len(rs)-1 && !strings.HasSuffix(r, ".") {
			r += ";"
		}
		out[i] = r
	}
	return out
}

// midSentence writes a unit's name as Vietnamese writes it inside a
// sentence: the kind of unit in lower case ("của xã Xuân Long").
func midSentence(lang, name string) string {
	if lang != locales.VI || placeName(name) == name {
		return name
	}
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToLower(r)) + name[size:]
}

func splitLines(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// placeDate writes "Xuân Long, ngày 03 tháng 12 năm 2026": the decree
// pads days under 10 and the months January and February with a zero.
func placeDate(cat *locales.Catalog, r *Report) string {
	d := r.Date
	day, month := fmt.Sprint(d.Day()), fmt.Sprint(int(d.Month()))
	if d.Day() < 10 {
		day = "0" + day
	}
	if d.Month() < 3 {
		month = "0" + month
	}
	return cat.T(r.Lang, "document_place_date", map[string]any{"Place": r.Place, "Day": day, "Month": month,
		"Year": d.Year(), "MonthName": d.Month().String(), "DayNumber": d.Day()})
}

func completenessBlocks(t func(string, ...map[string]any) string, r *Report) []block {
	c := r.Completeness
	out := []block{{Kind: blockHeading, Text: t("document_section_completeness")},
		{Kind: blockPara, Text: t("document_period_line", map[string]any{"Label": r.PeriodLabel})}}
	if len(c.Units) == 0 {
		out = append(out, block{Kind: blockPara, Text: t("document_completeness_only_self",
			map[string]any{"Unit": midSentence(r.Lang, r.UnitName)})})
	} else {
		out = append(out, stateBlocks(t, "document_completeness_total", c)...)
	}
	if len(r.Offices.Units) > 0 {
		out = append(out, stateBlocks(t, "document_completeness_offices_total", r.Offices)...)
	}
	return out
}

// stateBlocks writes a tier's count under the message total, then one
// bullet per state naming its units.
func stateBlocks(t func(string, ...map[string]any) string, total string, c Completeness) []block {
	out := []block{{Kind: blockPara, Text: t(total, map[string]any{
		"Submitted": c.Submitted(), "Expected": c.Expected, "OnTime": c.OnTime, "Late": c.Late, "Missing": c.Missing})}}
	for _, state := range []string{OnTime, Late, Missing} {
		if units, n := unitList(c.Units, state); n > 0 {
			out = append(out, block{Kind: blockBullet, Text: t("document_completeness_"+state,
				map[string]any{"Count": n, "Units": units})})
		}
	}
	return out
}

// unitList names the units in state, grouped under their parent when
// they have one ("Xã Xuân Long: Thôn Nà Lùng, Thôn Bản Khuông; Xã Tân
// Đoàn: …"), since village names repeat across communes.
func unitList(units []UnitState, state string) (string, int) {
	var parents []string
	byParent := map[string][]string{}
	n := 0
	for _, u := range units {
		if u.State != state {
			continue
		}
		if _, seen := byParent[u.Parent]; !seen {
			parents = append(parents, u.Parent)
		}
		byParent[u.Parent] = append(byParent[u.Parent], u.Name)
		n++
	}
	groups := make([]string, len(parents))
	for i, p := range parents {
		groups[i] = strings.Join(byParent[p], ", ")
		if p != "" {
			groups[i] = p + ": " + groups[i]
		}
	}
	return strings.Join(groups, "; "), n
}

func resultBlocks(cat *locales.Catalog, r *Report) []block {
	t := func(id string, data ...map[string]any) string { return cat.T(r.Lang, id, data...) }
	out := []block{{Kind: blockHeading, Text: t("document_section_results")}}
	if len(r.Parts) == 0 {
		return append(out, block{Kind: blockPara, Text: t("document_no_parts")})
	}
	out = append(out, block{Kind: blockPara, Text: SummaryParagraph(cat, r)})
	tab := &table{Widths: []float64{15, 64, 20, 20, 20, 26}, Header: []string{t("document_col_code"),
		t("document_col_name"), t("document_col_figure"), t("document_col_target", map[string]any{"Year": 2025}),
		t("document_col_target", map[string]any{"Year": 2030}), t("document_col_status", map[string]any{"Year": r.Milestone})}}
	for _, p := range r.Parts {
		tab.Rows = append(tab.Rows, []string{p.Code, p.Name, p.Figure, p.Target2025, p.Target2030, t("document_status_" + p.Status)})
	}
	out = append(out, block{Kind: blockTable, Table: tab})
	if r.HiddenNote != "" {
		out = append(out, block{Kind: blockPara, Text: r.HiddenNote})
	}
	if len(r.Notes) == 0 {
		return out
	}
	out = append(out, block{Kind: blockPara, Text: t("document_notes_head", map[string]any{"Previous": r.PreviousCode})})
	for _, n := range r.Notes {
		out = append(out, block{Kind: blockBullet, Text: n})
	}
	if r.MoreNotes > 0 {
		out = append(out, block{Kind: blockBullet, Text: cat.N(r.Lang, "document_notes_more", r.MoreNotes, nil)})
	}
	return out
}

func remarkBlocks(t func(string, ...map[string]any) string, r *Report) []block {
	out := []block{{Kind: blockHeading, Text: t("document_section_remarks")}}
	if len(r.Remarks) == 0 {
		return append(out, block{Kind: blockPara, Text: t("document_remarks_none")})
	}
	for i, u := range r.Remarks {
		out = append(out, block{Kind: blockSubhead, Text: fmt.Sprintf("%d. %s", i+1, u.Unit)})
		for _, it := range u.Items {
			out = append(out, block{Kind: blockBullet, Text: t("document_remark_line", map[string]any{"Label": it.Label, "Text": it.Text})})
		}
	}
	return out
}

// SummaryParagraph is the generated sentence on the targets: "Có 12/15
// chỉ tiêu đạt mục tiêu năm 2025; 2 chỉ tiêu chưa đạt (3a, 13); …".
func SummaryParagraph(cat *locales.Catalog, r *Report) string {
	codes := map[string][]string{}
	for _, p := range r.Parts {
		codes[p.Status] = append(codes[p.Status], p.Code)
	}
	c := r.Completeness
	return cat.T(r.Lang, "document_summary", map[string]any{"Year": r.Milestone,
		"Met": len(codes[StatusMet]), "Total": len(r.Parts) - len(codes[StatusNoTarget]),
		"NotMet": len(codes[StatusNotMet]), "NotMetCodes": strings.Join(codes[StatusNotMet], ", "),
		"NoData": len(codes[StatusNoData]), "NoDataCodes": strings.Join(codes[StatusNoData], ", "),
		"NoTarget": len(codes[StatusNoTarget]), "Submitted": c.Submitted(), "Expected": c.Expected})
}

// normalise puts every string of the layout in NFC.
func (l *layout) normalise() {
	nfc := func(ss []string) {
		for i := range ss {
			ss[i] = norm.NFC.String(ss[i])
		}
	}
	for _, ss := range [][]string{l.ParentBody, l.IssuingBody, l.Recipients, l.Signer} {
		nfc(ss)
	}
	for _, p := range []*string{&l.Number, &l.Nation, &l.Motto, &l.PlaceDate, &l.Title, &l.Subtitle, &l.RecipientsHead, &l.SignerName} {
		*p = norm.NFC.String(*p)
	}
	for i := range l.Body {
		l.Body[i].Text = norm.NFC.String(l.Body[i].Text)
		if tab := l.Body[i].Table; tab != nil {
			nfc(tab.Header)
			for _, row := range tab.Rows {
				nfc(row)
			}
		}
	}
}
