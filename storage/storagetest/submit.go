package storagetest

import (
	"context"
	"testing"
	"time"

	"treembot/storage"
)

// Report is one unit's report for a test to store.
type Report struct {
	Unit   string // unit code
	Period string // period code
	Form   string // "" = commune_report
	At     time.Time
	Values map[string]string
	Draft  bool // leave it as a draft instead of submitting it
}

// Store writes r's values into a draft and, unless r.Draft, submits it at
// r.At, as user 1 on the "test" channel.
func Store(t testing.TB, s *storage.Store, r Report) *storage.Submission {
	t.Helper()
	ctx := context.Background()
	u, err := s.UnitByCode(ctx, r.Unit)
	if err != nil {
		t.Fatalf("storagetest: unit %s: %v", r.Unit, err)
	}
	p, err := s.PeriodByCode(ctx, r.Period)
	if err != nil {
		t.Fatalf("storagetest: period %s: %v", r.Period, err)
	}
	if r.Form == "" {
		r.Form = "commune_report"
	}
	sub, err := s.OpenDraft(ctx, storage.DraftRequest{UnitID: u.ID, PeriodID: p.ID, FormID: r.Form, UserID: 1, Channel: "test", Now: r.At})
	if err != nil {
		t.Fatalf("storagetest: open draft: %v", err)
	}
	var changes []storage.ValueChange
	for code, v := range r.Values {
		changes = append(changes, storage.ValueChange{Code: code, Value: v})
	}
	if err := s.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: 1, Channel: "test", Now: r.At, Changes: changes}); err != nil {
		t.Fatalf("storagetest: apply changes: %v", err)
	}
	if r.Draft {
		return sub
	}
	if sub, err = s.Submit(ctx, storage.SubmitRequest{SubmissionID: sub.ID, UserID: 1, Channel: "test", Now: r.At}); err != nil {
		t.Fatalf("storagetest: submit: %v", err)
	}
	return sub
}
