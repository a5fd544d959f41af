package bot

import (
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

// A sent report stays counted until its next version is sent: the
// commune officer sends on time, opens a correction and leaves it (the
// summary, the export and the head are unchanged), then confirms it after
// the deadline: the new figures count, and the report is still on time,
// because it was first sent on time.
func TestACorrectionKeepsTheSentReportCountedUntilItIsSent(t *testing.T) {
	h := newReportHarness(t)
	at := func(d, hour int) time.Time { return time.Date(2025, 5, d, hour, 0, 0, 0, storagetest.Zone()) }
	h.now = at(8, 9)
	h.send(demoOfficer, "/report")
	h.answerUntilReview(demoOfficer)
	mustContain(t, h.press(demoOfficer, "rev:confirm"), "✅ Đã gửi báo cáo.")
	onTime := "đã nhận 1/3 (1 đúng hạn, 0 muộn)"
	summary := func() string { return h.send(demoAdmin, "/summary 2025-H1") }
	before := summary()
	mustContain(t, before, onTime)
	_, v1 := h.headOf(demoOfficer)

	// The correction opened and left at the review: nothing changes.
	h.now = at(14, 9)
	mustContain(t, h.send(demoOfficer, "/report"), "đã được gửi (mã biên nhận")
	h.press(demoOfficer, dataReopen+"2025-H1")
	h.send(demoOfficer, "sửa 4") // children under 16: the denominator of 8a, 9, 11a, 11b
	h.send(demoOfficer, "2000")
	if c := h.conv(demoOfficer); c == nil || c.SubmissionID == v1.ID {
		t.Fatalf("the correction is not a new version beside %d: %+v", v1.ID, c)
	}
	if got := summary(); got != before {
		t.Errorf("an open correction changed the summary:\n%s\nwas\n%s", got, before)
	}
	vals, head := h.headOf(demoOfficer)
	if head.ID != v1.ID || head.Status != storage.StatusSubmitted || vals["children_u16"] != stored["children_u16"] {
		t.Errorf("the counted report during the correction = %+v %v, want version 1 as sent", head, vals)
	}

	// Confirmed after the deadline: version 2 counts, still on time.
	h.now = at(20, 9)
	h.send(demoOfficer, "xác nhận")
	vals, head = h.headOf(demoOfficer)
	if head.Version != 2 || head.Status != storage.StatusSubmitted || vals["children_u16"] != "2000" {
		t.Fatalf("after confirming, the counted report = v%d %s %v, want version 2 with 2000", head.Version, head.Status, vals)
	}
	after := summary()
	mustContain(t, after, onTime)
	if after == before {
		t.Error("the confirmed correction did not change the summary")
	}
	if old, _ := h.real.Submission(t.Context(), v1.ID); old.Status != storage.StatusSuperseded {
		t.Errorf("version 1 after version 2 = %s, want superseded", old.Status)
	}
}

// headOf is the counted (or head) report of the user's unit for 2025-H1
// and its values, never the correction in progress.
func (h *harness) headOf(user string) (map[string]string, *storage.Submission) {
	h.t.Helper()
	ctx := h.t.Context()
	u, err := h.real.UserByIdentity(ctx, "terminal", user)
	if err != nil {
		h.t.Fatal(err)
	}
	unit, err := h.real.Unit(ctx, u.UnitID)
	if err != nil {
		h.t.Fatal(err)
	}
	p, err := h.real.PeriodByCode(ctx, "2025-H1")
	if err != nil {
		h.t.Fatal(err)
	}
	sub, err := h.real.FindSubmission(ctx, u.UnitID, p.ID, h.formOf(unit))
	if err != nil {
		h.t.Fatal(err)
	}
	vals, err := h.real.Values(ctx, sub.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return vals, sub
}
