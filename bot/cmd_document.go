package bot

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"treembot/document"
	"treembot/flows"
	"treembot/reports"
	"treembot/storage"
)

// documentFormats says which file of the written report each channel can
// carry: Telegram and the terminal take the Word file; the Zalo Official
// Account is sent the PDF (the rule: pdf/doc only there); the Zalo
// Bot API sends photos by URL only, so it gets no file ("").
var documentFormats = map[string]string{"zalo_oa": document.PDF, "zalo": ""}

// documentFormat is the file a channel is sent: DOCX unless it is listed.
func documentFormat(channel string) string {
	if f, ok := documentFormats[channel]; ok {
		return f
	}
	return document.DOCX
}

// cmdDocument sends the written report of the caller's scope: a commune
// officer their commune's, an official their office's (the indicators it
// owns), an admin the district's consolidated one. "/vanban [PERIOD]
// [UNIT]", as the other report commands.
func (r *Router) cmdDocument(ctx context.Context, req *request, args string) ([]Message, error) {
	if msgs := r.reportsReady(req); msgs != nil {
		return msgs, nil
	}
	t, msgs, err := r.reportTarget(ctx, req, strings.Fields(args))
	if t == nil {
		return append(msgs, r.reply(req, "document_usage")...), err
	}
	format := documentFormat(req.Channel)
	if format == "" {
		return r.documentElsewhere(ctx, req, t)
	}
	wb, err := r.Reports.Workbook(ctx, t.request(req))
	if err != nil {
		return r.reportFailure(req, t, err)
	}
	s := &wb.Breakdown.Summary
	codes := map[string]any{"Period": s.Period.Code, "Unit": s.Unit.Code}
	opts := document.Options{Lang: req.lang, Zone: r.Zone, Date: req.now, Texts: wb.Raw}
	if req.user.Role == storage.RoleOfficial {
		if s, err = r.officeScope(ctx, req, wb, &opts); err != nil {
			return nil, err
		}
	}
	rep := document.Build(r.Catalog, s, opts)
	var buf bytes.Buffer
	if err := document.Render(&buf, r.Catalog, rep, format); err != nil {
		return nil, fmt.Errorf("render document: %w", err)
	}
	caption := r.t(req, "document_caption", map[string]any{"Period": s.Period.Code, "Unit": rep.UnitName})
	if format == document.PDF {
		caption += "\n\n" + r.t(req, "document_pdf_only", codes)
	}
	file := &File{Name: rep.FileName(format), Bytes: buf.Bytes()}
	return []Message{{ChatID: req.ChatID, Text: caption, Document: file}}, nil
}

// documentElsewhere answers on a channel that cannot send files: the CLI
// line that makes the same document, for the period it would cover.
func (r *Router) documentElsewhere(ctx context.Context, req *request, t *target) ([]Message, error) {
	p, err := r.Reports.Progress(ctx, t.request(req))
	if err != nil {
		return r.reportFailure(req, t, err)
	}
	return r.reply(req, "document_no_files", map[string]any{"Period": p.Period.Code, "Unit": p.Unit.Code}), nil
}

// officeScope narrows the summary to the indicators the official's office
// owns and their office's own answers, and names the office as the
// issuer. An official without an office gets the whole summary.
func (r *Router) officeScope(ctx context.Context, req *request, wb *reports.Workbook, o *document.Options) (*reports.Summary, error) {
	s := &wb.Breakdown.Summary
	code, err := r.officeCode(ctx, req.user.OfficeID)
	if err != nil || code == "" {
		return s, err
	}
	var office storage.Office
	for _, of := range wb.Breakdown.Offices {
		if strings.EqualFold(of.Code, code) {
			office = of
		}
	}
	narrowed := officeSummary(s, wb.Breakdown.Indicators, code)
	o.Texts = formAnswers(wb.Raw, r.formFor(flows.ReporterOffice, code))
	name := office.NameVI
	if req.lang == "en" && office.NameEN != "" {
		name = office.NameEN
	}
	o.ParentBody = r.t(req, "document_office_parent", map[string]any{"Unit": strings.ToUpper(s.Unit.Name)})
	o.IssuingBody, o.Reporter = strings.ToUpper(name), name
	o.NumberCode = office.Code
	o.SignerTitle = r.t(req, officeSigner(office.NameVI))
	return narrowed, nil
}

// officeSigner is who signs for an office, from the kind of body its
// Vietnamese name says it is.
func officeSigner(nameVI string) string {
	switch {
	case strings.HasPrefix(nameVI, "Phòng "):
		return "document_signer_office"
	case strings.HasPrefix(nameVI, "Trung tâm "):
		return "document_signer_centre"
	}
	return "document_signer_body"
}

// officeSummary is a copy of s with only the parts of the indicators the
// office owns, and only the unusual values those parts are computed from.
func officeSummary(s *reports.Summary, indicators []storage.Indicator, office string) *reports.Summary {
	owned := map[string]bool{}
	for _, ind := range indicators {
		owned[ind.Code] = strings.EqualFold(ind.OfficeCode, office)
	}
	out := *s
	out.Parts, out.Unusual = nil, nil
	used := map[string]bool{}
	for _, p := range s.Parts {
		if owned[p.Part.IndicatorCode] {
			out.Parts = append(out.Parts, p)
			used[p.Part.NumeratorCode], used[p.Part.DenominatorCode] = true, true
		}
	}
	for _, f := range s.Unusual {
		if used[f.ElementCode] {
			out.Unusual = append(out.Unusual, f)
		}
	}
	return &out
}

// formAnswers keeps the rows answered in form; a nil form keeps none.
// Offices answer the same questions (difficulties, proposals) on the same
// district, so the form is what tells one office's words from another's.
func formAnswers(rows []storage.ExportRow, form *flows.Form) []storage.ExportRow {
	var out []storage.ExportRow
	for _, row := range rows {
		if form != nil && row.FormID == form.ID {
			out = append(out, row)
		}
	}
	return out
}
