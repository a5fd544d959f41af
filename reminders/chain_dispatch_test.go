package reminders

import (
	"context"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

// testChain is the reporting chain as the wiring builds it from the forms.
var testChain = []ChainForm{
	{ID: "village_report", Reporter: ReporterVillage},
	{ID: "commune_report", Reporter: ReporterCommune},
	{ID: "office_gddt", Reporter: ReporterOffice, Office: "GDDT", PeriodKinds: []string{storage.PeriodYearly}},
	{ID: "office_yte", Reporter: ReporterOffice, Office: "YTE", PeriodKinds: []string{storage.PeriodYearly}},
}

// sendReport opens and submits the report of the person with the demo
// account chat on form, and, with correct, opens a correction beside it.
func sendReport(t *testing.T, st *storage.Store, chat, period, form string, at time.Time, correct bool) {
	t.Helper()
	ctx := context.Background()
	u, err := st.UserByIdentity(ctx, storage.DemoChannel, chat)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.PeriodByCode(ctx, period)
	if err != nil {
		t.Fatal(err)
	}
	req := storage.DraftRequest{UnitID: u.UnitID, PeriodID: p.ID, FormID: form, UserID: u.ID, Channel: "telegram", Now: at}
	sub, err := st.OpenDraft(ctx, req)
	if err == nil {
		_, err = st.Submit(ctx, storage.SubmitRequest{SubmissionID: sub.ID, UserID: u.ID, Now: at})
	}
	if err == nil && correct {
		_, err = st.OpenDraft(ctx, req)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// The dispatcher re-checks the report the reminder is about, just before
// sending: a village report sent (with a correction now in progress)
// cancels its collaborator's reminder; a commune report typed at another
// village does not stand in for that village's own report.
func TestDispatchRechecksTheVillageReport(t *testing.T) {
	t.Parallel()
	st, _ := storagetest.NewSeeded(t, nil)
	clock := &clockAt{t: time.Date(2025, 5, 3, 8, 0, 0, 0, storagetest.Zone())}
	sender := newFakeSender(clock.Now)
	svc := newService(st, sender, clock.Now, nil)
	svc.Forms = testChain
	if n, err := svc.PlanOnce(context.Background()); err != nil || n != 11 {
		t.Fatalf("planned %d, %v; want the 8 collaborators' due_7 for their village report and the 3 officers' due_14", n, err)
	}
	sendReport(t, st, "demo-collaborator-vq-xl-01", "2025-H1", "village_report", clock.Now(), true)
	sendReport(t, st, "demo-collaborator-vq-xl-02", "2025-H1", "commune_report", clock.Now(), false)
	drain(t, svc.Dispatcher("x"))
	if got := sender.got["demo-collaborator-vq-xl-01"]; len(got) != 0 {
		t.Errorf("the village that sent its report was reminded: %q", got[0].Text)
	}
	if got := sender.got["demo-collaborator-vq-xl-02"]; len(got) != 1 {
		t.Errorf("the village whose own report is missing got %d reminders, want 1", len(got))
	}
	if sender.total() != 10 {
		t.Errorf("delivered %d, want 10", sender.total())
	}
}

// An office's yearly reminder is cancelled by that office's report only.
func TestDispatchRechecksTheOfficeReport(t *testing.T) {
	t.Parallel()
	st, _ := storagetest.NewSeeded(t, nil)
	clock := &clockAt{t: time.Date(2025, 11, 8, 8, 0, 0, 0, storagetest.Zone())}
	sender := newFakeSender(clock.Now)
	svc := newService(st, sender, clock.Now, nil)
	svc.Forms = testChain
	if _, err := svc.PlanOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	sendReport(t, st, "demo-official-gddt", "2025-Y", "office_gddt", clock.Now(), false)
	drain(t, svc.Dispatcher("x"))
	if got := sender.got["demo-official-gddt"]; len(got) != 0 {
		t.Errorf("the office that sent its report was reminded: %q", got[0].Text)
	}
	if got := sender.got["demo-official-yte"]; len(got) != 1 {
		t.Fatalf("the health office got %d reminders, want its due_7", len(got))
	}
	mustHave(t, sender.got["demo-official-yte"][0].Text, "15/11/2025")
	for _, chat := range []string{"demo-official-ldtbxh", "demo-official-vhtt", "demo-official-tuphap"} {
		if got := sender.got[chat]; len(got) != 0 {
			t.Errorf("%s has no office form in the chain but got %q", chat, got[0].Text)
		}
	}
}
