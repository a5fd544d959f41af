package bot

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"treembot/flows"
	"treembot/reports"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// Demo people (see storage.SeedDemo).
const (
	demoCollaborator = "demo-collaborator-vq-xl-01"
	demoOfficer      = "demo-commune_officer-vq-xl"
	demoOfficial     = "demo-official-yte"
	demoAdmin        = "demo-admin-vq"
)

// newReportHarness is the harness with the report commands wired, as
// app.go wires them.
func newReportHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	svc, err := reports.New(reports.Config{Source: h.real, Zone: storagetest.Zone()})
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRouter(Deps{Store: h.store, Sessions: h.sess, Engine: flows.NewEngine(h.cat), Forms: h.forms,
		Catalog: h.cat, Clock: func() time.Time { return h.now }, Zone: storagetest.Zone(), DefaultLang: "vi",
		BotLink: func(code string) string { return "https://t.me/treembot?start=" + code },
		Reports: svc, ReportStore: h.real})
	if err != nil {
		t.Fatal(err)
	}
	h.router = r
	return h
}

// formOf is the chain's form for a unit: a village's village report, a
// commune's commune report.
func (h *harness) formOf(u *storage.OrgUnit) string {
	if u.Level == storage.LevelVillage {
		return "village_report"
	}
	return communeFormID
}

// submitted stores a unit's report for 2025-H1 straight in the database.
func (h *harness) submitted(unit string, values map[string]string) {
	h.t.Helper()
	h.submittedOn(unit, "", "2025-H1", values)
}

// submittedOn stores a unit's report on form ("" = the chain's form for
// the unit) for period straight in the database.
func (h *harness) submittedOn(unit, form, period string, values map[string]string) {
	h.t.Helper()
	ctx := context.Background()
	u, err := h.real.UnitByCode(ctx, unit)
	if err != nil {
		h.t.Fatal(err)
	}
	p, err := h.real.PeriodByCode(ctx, period)
	if err != nil {
		h.t.Fatal(err)
	}
	if form == "" {
		form = h.formOf(u)
	}
	sub, err := h.real.OpenDraft(ctx, storage.DraftRequest{UnitID: u.ID, PeriodID: p.ID, FormID: form, UserID: 1, Now: h.now})
	if err != nil {
		h.t.Fatal(err)
	}
	var changes []storage.ValueChange
	for k, v := range values {
		changes = append(changes, storage.ValueChange{Code: k, Value: v})
	}
	if err := h.real.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: 1, Now: h.now, Changes: changes}); err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.real.Submit(ctx, storage.SubmitRequest{SubmissionID: sub.ID, UserID: 1, Now: h.now}); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) messages(user, text string) []Message {
	h.t.Helper()
	return h.deliver(h.update(user, text, KindMessage))
}

// Every new command × every role × own or another commune: collaborators
// and non-admins are refused politely, officers see only their commune.
func TestReportCommandsAuthorisation(t *testing.T) {
	h := newReportHarness(t)
	h.submitted("VQ-XL-01", map[string]string{"live_births": "10", "deaths_u28d": "0"})
	type role struct {
		user            string
		viewer, admin   bool
		otherCommuneOK  bool
		ownCommuneCodes string
	}
	roles := []role{
		{user: demoCollaborator},
		{user: demoOfficer, viewer: true},
		{user: demoOfficial, viewer: true, otherCommuneOK: true},
		{user: demoAdmin, viewer: true, admin: true, otherCommuneOK: true},
	}
	viewerCmds := []string{"/summary", "/overdue", "/export", "/chart 3a", "/document", "/document 2025-H1"}
	adminCmds := []string{"/invite collaborator VQ-XL-02", "/period close 2025-H1", "/return VQ-XL-01 2025-H1 Thiếu số liệu"}
	outside := h.vi("reports_unit_outside", map[string]any{"Unit": "Xã Tân Đoàn", "Scope": "Xã Xuân Long"})
	for _, r := range roles {
		for _, cmd := range append(viewerCmds, adminCmds...) {
			allowed := r.viewer
			if strings.HasPrefix(cmd, "/invite") || strings.HasPrefix(cmd, "/period") {
				allowed = r.admin
			}
			if strings.HasPrefix(cmd, "/return") { // the officer checks their villages' reports
				allowed = r.admin || r.user == demoOfficer
			}
			name := strings.Fields(cmd)[0]
			got := h.send(r.user, cmd)
			refused := got == h.vi("bot_not_allowed", map[string]any{"Command": name})
			if refused == allowed {
				t.Errorf("%s %q: allowed=%v, got:\n%s", r.user, cmd, allowed, got)
			}
			if strings.Contains(got, "[reports_") || strings.Contains(got, "[bot_") {
				t.Errorf("%s %q: unrendered message:\n%s", r.user, cmd, got)
			}
		}
		if !r.viewer {
			continue
		}
		for _, cmd := range []string{"/summary VQ-XL", "/summary 2025-H1 VQ-XL-02", "/overdue VQ-XL", "/chart 3a 2025-H1 VQ-XL", "/vanban VQ-XL"} {
			if got := h.send(r.user, cmd); got == outside || strings.Contains(got, "Xin lỗi") {
				t.Errorf("%s %q: own commune refused:\n%s", r.user, cmd, got)
			}
		}
		for _, cmd := range []string{"/summary VQ-TD", "/overdue 2025-H1 VQ-TD", "/export VQ-TD", "/chart 3a VQ-TD-01", "/vanban VQ-TD"} {
			got := h.send(r.user, cmd)
			if (got == outside || strings.Contains(got, "không thuộc phạm vi")) == r.otherCommuneOK {
				t.Errorf("%s %q: another commune, allowed=%v, got:\n%s", r.user, cmd, r.otherCommuneOK, got)
			}
		}
	}
	if got := h.send(demoOfficer, "/invite collaborator VQ-TD-01"); got != h.vi("bot_not_allowed", map[string]any{"Command": "/invite"}) {
		t.Errorf("an officer inviting: %q", got)
	}
}

func TestSummaryInChat(t *testing.T) {
	h := newReportHarness(t)
	h.submitted("VQ-XL", map[string]string{"child_friendly": "1", "child_labour": "0"})
	h.submitted("VQ-XL-01", map[string]string{"child_labour": "5"}) // counted by the commune officer, not the district
	msgs := h.messages(demoOfficial, "/summary")
	if len(msgs) != 3 || !msgs[1].Pre || msgs[0].Pre || msgs[2].Pre {
		t.Fatalf("summary messages = %+v, want text, a monospace table, text", msgs)
	}
	mustContain(t, msgs[0].Text, "Huyện Văn Quan")
	mustContain(t, msgs[0].Text, "• Báo cáo của xã: đã nhận 1/3 (1 đúng hạn, 0 muộn); còn 2 chưa gửi.")
	mustContain(t, msgs[1].Text, "10              0       =0 ✅")
	for _, line := range strings.Split(msgs[1].Text, "\n") {
		if reports.DisplayWidth(line) > reports.MaxTableWidth {
			t.Errorf("table line %q is wider than a phone", line)
		}
	}
	officer := h.messages(demoOfficer, "/summary")
	mustContain(t, officer[0].Text, "Tổng hợp: Xã Xuân Long")
	mustContain(t, officer[0].Text, "• Báo cáo của xã: đã nhận 1/1")
	mustContain(t, officer[0].Text, "• Báo cáo của thôn, bản: đã nhận 1/3")
	if got := h.send(demoOfficial, "/summary 2031-H1"); got != h.vi("reports_period_unknown", map[string]any{"Code": "2031-H1"}) {
		t.Errorf("unknown period: %q", got)
	}
	if got := h.send(demoOfficial, "/summary NOPE"); got != h.vi("reports_unit_unknown", map[string]any{"Code": "NOPE"}) {
		t.Errorf("unknown unit: %q", got)
	}
	h.now = time.Date(2024, 3, 1, 9, 0, 0, 0, storagetest.Zone())
	if got := h.send(demoOfficial, "/summary"); got != h.vi("reports_no_period") {
		t.Errorf("before any period: %q", got)
	}
}

func TestOverdueExportAndChartInChat(t *testing.T) {
	h := newReportHarness(t)
	h.submitted("VQ-XL", map[string]string{"child_friendly": "1"})
	overdue := h.send(demoAdmin, "/overdue")
	mustContain(t, overdue, "Báo cáo của xã (hạn 15/05/2025): còn 2/3 chưa nhận")
	mustContain(t, overdue, "• Xã Tân Đoàn: ")
	if strings.Contains(overdue, "Xuân Long") || strings.Contains(overdue, "Thôn") {
		t.Errorf("a commune that reported, or a village, is listed at the district:\n%s", overdue)
	}

	export := h.messages(demoOfficial, "/export 2025-H1")
	if len(export) != 1 || export[0].Document == nil || export[0].Document.Name != "baocao-VQ-2025-H1.xlsx" {
		t.Fatalf("export = %+v, want one .xlsx document", export)
	}
	x, err := excelize.OpenReader(bytes.NewReader(export[0].Document.Bytes))
	if err != nil {
		t.Fatalf("the document is not an .xlsx file: %v", err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue("LDTBXH", "F2", excelize.Options{RawCellValue: true}); v != "100" {
		t.Errorf("LDTBXH!F2 (part 1, whole district) = %q, want 100", v)
	}

	chart := h.messages(demoOfficer, "/chart 3A")
	if len(chart) != 1 || chart[0].Photo == nil {
		t.Fatalf("chart = %+v, want one photo", chart)
	}
	img, err := png.Decode(bytes.NewReader(chart[0].Photo.Bytes))
	if err != nil || img.Bounds().Dx() < 700 {
		t.Fatalf("chart photo: %v, %v", img, err)
	}
	mustContain(t, chart[0].Text, "3a. Tỷ suất tử vong trẻ sơ sinh")
	mustContain(t, h.send(demoOfficer, "/chart 4"), "4a, 4b, 4c-rural, 4c-urban")
	mustContain(t, h.send(demoOfficer, "/chart 99"), "không có chỉ tiêu “99”")
	mustContain(t, h.send(demoOfficer, "/chart"), "/chart MÃ_CHỈ_TIÊU")
}

func TestOfficerStatusListsTheVillages(t *testing.T) {
	h := newReportHarness(t)
	h.submitted("VQ-XL-02", map[string]string{"live_births": "10"})
	got := h.send(demoOfficer, "/status")
	mustContain(t, got, "• Báo cáo của thôn, bản: đã nhận 1/3 (1 đúng hạn, 0 muộn)")
	mustContain(t, got, "• Thôn Nà Lùng: chưa bắt đầu")
	mustContain(t, got, "• Thôn Bản Khuông: đã gửi đúng hạn lúc 02/05/2025 09:00 (mã VQ-XL-02-2025H1-v1-")
	if collab := h.send(demoCollaborator, "/status"); strings.Contains(collab, "Thôn Bản Khuông") {
		t.Errorf("a collaborator sees other villages:\n%s", collab)
	}
}
