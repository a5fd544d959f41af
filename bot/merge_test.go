package bot

import (
	"context"
	"testing"
	"time"

	"treembot/flows"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// officerOf returns the demo commune officer of a commune.
func (h *harness) officerOf(commune string) string {
	for _, u := range h.demo.Users {
		if u.Role == storage.RoleCommuneOfficer && u.UnitCode == commune {
			return u.ExternalID
		}
	}
	h.t.Fatalf("no demo officer on %s", commune)
	return ""
}

// communeAnswersUntilReview answers the commune report with goodAnswers,
// the year a choice (the 4th: 2023), until the review.
func communeAnswersUntilReview(h *harness, user string) {
	h.t.Helper()
	for i := 0; i < 100; i++ {
		c := h.conv(user)
		if c == nil {
			h.t.Fatalf("no conversation after %d answers", i)
		}
		if c.State.Stage == flows.StageReview {
			return
		}
		answer, ok := goodAnswers[c.State.Current]
		if c.State.Current == "child_friendly_year" {
			answer = "4"
		} else if !ok {
			h.t.Fatalf("no test answer for question %q", c.State.Current)
		}
		h.send(user, answer)
	}
	h.t.Fatal("the commune report never reached the review")
}

// A commune officer is filling in the 2025-H1 report when the commune is
// merged into a new one from 01/05/2025: the report in flight is still the
// old commune's, is finished and sent, and counts; asking the new commune
// for 2025-H1 gets a clear answer, since that period is the old one's.
func TestReportInFlightThroughAMerger(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	user := h.officerOf("VQ-XL")
	mustContain(t, h.send(user, "/report 2025-H1"), "Câu 1 —")
	h.send(user, goodAnswers[h.conv(user).State.Current])

	_, err := h.real.MergeUnits(ctx, storage.MergeRequest{Into: "VQ-XTD", Name: "Xã Xuân Tân", Parent: "VQ",
		From: []string{"VQ-XL", "VQ-TD"}, On: time.Date(2025, 5, 1, 0, 0, 0, 0, storagetest.Zone()), Now: h.now})
	if err != nil {
		t.Fatal(err)
	}
	communeAnswersUntilReview(h, user)
	mustContain(t, h.press(user, "rev:confirm"), "✅ Đã gửi báo cáo.")
	old, err := h.real.UnitByCode(ctx, "VQ-XL")
	if err != nil {
		t.Fatal(err)
	}
	p, err := h.real.PeriodByCode(ctx, "2025-H1")
	if err != nil {
		t.Fatal(err)
	}
	if sub, err := h.real.FindSubmission(ctx, old.ID, p.ID, communeFormID); err != nil || sub.Status != storage.StatusSubmitted {
		t.Errorf("Xuân Long's 2025-H1 report after the merger: %+v %v, want it sent", sub, err)
	}
	mustContain(t, h.send(h.officerOf("VQ-TD"), "/report 2025-H1"), "Xã Xuân Tân không nhận báo cáo kỳ")
}
