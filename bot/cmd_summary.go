package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"treembot/reports"
	"treembot/storage"
)

// ReportStore is what the report and admin commands need beyond Store;
// *storage.Store implements it.
type ReportStore interface {
	UnitByCode(ctx context.Context, code string) (*storage.OrgUnit, error)
	RootUnits(ctx context.Context) ([]storage.OrgUnit, error)
	Offices(ctx context.Context) ([]storage.Office, error)
	CreateInvites(ctx context.Context, req storage.InviteRequest) ([]storage.Invite, error)
	SavePeriod(ctx context.Context, p storage.Period) (*storage.Period, error)
	ReturnSubmission(ctx context.Context, req storage.ReturnRequest) (*storage.Submission, error)
	UsersOfUnits(ctx context.Context, unitIDs []uint) ([]storage.User, error)
	IdentitiesOfUser(ctx context.Context, userID uint) ([]storage.Identity, error)
}

// viewerRoles may ask for summaries, overdue lists, Excel files and
// charts of their scope; collaborators only report.
var viewerRoles = []string{storage.RoleCommuneOfficer, storage.RoleOfficial, storage.RoleAdmin}

// adminRoles run the district's admin commands.
var adminRoles = []string{storage.RoleAdmin}

// periodCode looks like a period ("2025-H1", "2026-y"); unit codes do not
// start with a year.
var periodCode = regexp.MustCompile(`^\d{4}-\S+$`)

// target is what a report command is about.
type target struct {
	unit   *storage.OrgUnit
	period string
	viewer reports.Viewer // who asks: small sensitive counts are hidden from them by its rules
}

// reportTarget reads "[PERIOD] [UNIT]" in any order. The unit defaults to
// the caller's home unit and must lie in its subtree. A nil target comes
// with the polite reply to send instead.
func (r *Router) reportTarget(ctx context.Context, req *request, args []string) (*target, []Message, error) {
	home, err := r.Store.Unit(ctx, req.user.UnitID)
	if err != nil {
		return nil, nil, fmt.Errorf("home unit: %w", err)
	}
	viewer, err := r.viewer(ctx, req, home)
	if err != nil {
		return nil, nil, err
	}
	t := &target{unit: home, viewer: viewer}
	unitCode := ""
	for _, a := range args {
		switch {
		case periodCode.MatchString(a) && t.period == "":
			t.period = strings.ToUpper(a)
		case unitCode == "":
			unitCode = strings.ToUpper(a)
		default:
			return nil, r.reply(req, "reports_too_many_args", map[string]any{"Arg": trimArg(a)}), nil
		}
	}
	if unitCode == "" {
		return t, nil, nil
	}
	unit, msgs, err := r.unitInScope(ctx, req, home, unitCode)
	if unit == nil {
		return nil, msgs, err
	}
	t.unit = unit
	return t, nil, nil
}

// unitInScope finds a unit by code and checks it lies under home.
func (r *Router) unitInScope(ctx context.Context, req *request, home *storage.OrgUnit, code string) (*storage.OrgUnit, []Message, error) {
	unit, err := r.ReportStore.UnitByCode(ctx, code)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, r.reply(req, "reports_unit_unknown", map[string]any{"Code": trimArg(code)}), nil
	} else if err != nil {
		return nil, nil, fmt.Errorf("find unit: %w", err)
	}
	if !strings.HasPrefix(unit.Path, home.Path) {
		r.Logger.Info("unit outside scope refused", "role", req.user.Role, "chat", chatHash(req.ChatID))
		return nil, r.reply(req, "reports_unit_outside", map[string]any{"Unit": unit.Name, "Scope": home.Name}), nil
	}
	return unit, nil, nil
}

// reportsReady answers politely when the report parts are not wired.
func (r *Router) reportsReady(req *request) []Message {
	if r.Reports == nil || r.ReportStore == nil {
		return r.reply(req, "reports_unavailable")
	}
	return nil
}

// reportFailure turns a missing period into a polite reply.
func (r *Router) reportFailure(req *request, t *target, err error) ([]Message, error) {
	switch {
	case errors.Is(err, reports.ErrNoPeriod):
		return r.reply(req, "reports_no_period"), nil
	case errors.Is(err, storage.ErrNotFound) && t.period != "":
		return r.reply(req, "reports_period_unknown", map[string]any{"Code": trimArg(t.period)}), nil
	}
	return nil, err
}

func (t *target) request(req *request) reports.Request {
	return reports.Request{UnitID: t.unit.ID, Period: t.period, Now: req.now, Viewer: &t.viewer}
}

// viewer is who asks, as the small-count rules see them: their role, an
// official's office, and whether their unit is the district's root (a
// district or province, not a grouping or a commune).
func (r *Router) viewer(ctx context.Context, req *request, home *storage.OrgUnit) (reports.Viewer, error) {
	v := reports.Viewer{Role: req.user.Role,
		Root: home.ParentID == nil || home.Level == storage.LevelDistrict || home.Level == storage.LevelProvince}
	if req.user.OfficeID == nil {
		return v, nil
	}
	offices, err := r.ReportStore.Offices(ctx)
	if err != nil {
		return v, fmt.Errorf("offices: %w", err)
	}
	for _, o := range offices {
		if o.ID == *req.user.OfficeID {
			v.Office = o.Code
		}
	}
	return v, nil
}

// cmdSummary: completeness, then every indicator part against its target.
func (r *Router) cmdSummary(ctx context.Context, req *request, args string) ([]Message, error) {
	if msgs := r.reportsReady(req); msgs != nil {
		return msgs, nil
	}
	t, msgs, err := r.reportTarget(ctx, req, strings.Fields(args))
	if t == nil {
		return msgs, err
	}
	sum, err := r.Reports.Summary(ctx, t.request(req))
	if err != nil {
		return r.reportFailure(req, t, err)
	}
	txt := reports.RenderSummary(r.Catalog, req.lang, sum, r.Zone)
	return []Message{{ChatID: req.ChatID, Text: txt.Head}, {ChatID: req.ChatID, Text: txt.Table, Pre: true},
		{ChatID: req.ChatID, Text: txt.Foot}}, nil
}

// cmdOverdue lists the units that have not reported, by commune.
func (r *Router) cmdOverdue(ctx context.Context, req *request, args string) ([]Message, error) {
	if msgs := r.reportsReady(req); msgs != nil {
		return msgs, nil
	}
	t, msgs, err := r.reportTarget(ctx, req, strings.Fields(args))
	if t == nil {
		return msgs, err
	}
	o, err := r.Reports.Overdue(ctx, t.request(req))
	if err != nil {
		return r.reportFailure(req, t, err)
	}
	return []Message{{ChatID: req.ChatID, Text: reports.RenderOverdue(r.Catalog, req.lang, o, r.Zone)}}, nil
}

// cmdExport sends the Excel file of the caller's scope.
func (r *Router) cmdExport(ctx context.Context, req *request, args string) ([]Message, error) {
	if msgs := r.reportsReady(req); msgs != nil {
		return msgs, nil
	}
	t, msgs, err := r.reportTarget(ctx, req, strings.Fields(args))
	if t == nil {
		return msgs, err
	}
	wb, err := r.Reports.Workbook(ctx, t.request(req))
	if err != nil {
		return r.reportFailure(req, t, err)
	}
	var buf bytes.Buffer
	if err := reports.WriteXLSX(&buf, r.Catalog, req.lang, wb); err != nil {
		return nil, err
	}
	caption := r.t(req, "reports_export_caption", map[string]any{"Unit": wb.Breakdown.Unit.Name, "Period": wb.Breakdown.Period.Code})
	return []Message{{ChatID: req.ChatID, Text: caption, Document: &File{Name: wb.FileName(), Bytes: buf.Bytes()}}}, nil
}

// cmdChart sends a bar chart of one indicator part by unit: "/chart 3a
// [PERIOD] [UNIT]".
func (r *Router) cmdChart(ctx context.Context, req *request, args string) ([]Message, error) {
	if msgs := r.reportsReady(req); msgs != nil {
		return msgs, nil
	}
	fields := strings.Fields(args)
	if len(fields) == 0 {
		return r.reply(req, "reports_chart_usage"), nil
	}
	t, msgs, err := r.reportTarget(ctx, req, fields[1:])
	if t == nil {
		return msgs, err
	}
	b, err := r.Reports.Breakdown(ctx, t.request(req))
	if err != nil {
		return r.reportFailure(req, t, err)
	}
	idx, choices, ok := reports.FindPart(b.Parts, fields[0])
	switch {
	case !ok && len(choices) > 0:
		return r.reply(req, "reports_chart_choose_part", map[string]any{"Code": trimArg(fields[0]),
			"Parts": strings.Join(choices, ", "), "First": choices[0]}), nil
	case !ok:
		return r.reply(req, "reports_chart_unknown", map[string]any{"Code": trimArg(fields[0])}), nil
	}
	png, err := reports.ChartPNG(r.Catalog, req.lang, b, idx)
	if err != nil {
		return nil, err
	}
	p := b.Parts[idx].Part
	name := p.NameVI
	if req.lang == "en" {
		name = p.NameEN
	}
	caption := r.t(req, "reports_chart_caption", map[string]any{"Code": p.Code, "Name": name,
		"Unit": b.Unit.Name, "Period": b.Period.Code})
	if note := reports.HiddenNote(r.Catalog, req.lang, chartParts(b, idx)); note != "" {
		caption += "\n" + note
	}
	file := &File{Name: "chart-" + p.Code + "-" + b.Period.Code + ".png", Bytes: png}
	return []Message{{ChatID: req.ChatID, Text: caption, Photo: file}}, nil
}

// withUnitsProgress adds, for a commune officer's /status, where each of
// their villages' reports stands in the current period.
func (r *Router) withUnitsProgress(ctx context.Context, req *request, msgs []Message) ([]Message, error) {
	if req.user.Role != storage.RoleCommuneOfficer || r.Reports == nil {
		return msgs, nil
	}
	p, err := r.Reports.Progress(ctx, reports.Request{UnitID: req.user.UnitID, Now: req.now})
	if errors.Is(err, reports.ErrNoPeriod) {
		return msgs, nil
	} else if err != nil {
		return nil, fmt.Errorf("villages' progress: %w", err)
	}
	return append(msgs, Message{ChatID: req.ChatID, Text: reports.RenderProgress(r.Catalog, req.lang, p, r.Zone)}), nil
}

// chartParts is one part's results for the root and every child: what
// the chart shows.
func chartParts(b *reports.Breakdown, idx int) []reports.PartResult {
	out := []reports.PartResult{b.Parts[idx]}
	for _, c := range b.Children {
		out = append(out, c.Parts[idx])
	}
	return out
}
