package reports

import (
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func at(t time.Time) *time.Time { return &t }

func TestCompletenessAndTimeliness(t *testing.T) {
	zone := storagetest.Zone()
	p := storage.Period{Deadline: time.Date(2025, 5, 15, 0, 0, 0, 0, zone)}
	submitted := func(code string, when time.Time) storage.ScopeUnit {
		return storage.ScopeUnit{Code: code, Level: storage.LevelCommune, SubmissionID: 1, Status: storage.StatusSubmitted, SubmittedAt: at(when)}
	}
	units := []storage.ScopeUnit{
		{Code: "VQ", Path: "/1/", Level: storage.LevelDistrict}, // not a commune: not expected
		{Code: "VQ-XL-01", Level: storage.LevelVillage},         // a village reports to its commune
		submitted("last-minute", time.Date(2025, 5, 15, 23, 59, 59, 0, zone)),
		submitted("just-late", time.Date(2025, 5, 16, 0, 0, 0, 0, zone)),
		// 16:59 UTC on the 15th is 23:59 in Vietnam: on time.
		submitted("utc-clock", time.Date(2025, 5, 15, 16, 59, 0, 0, time.UTC)),
		{Code: "approved", Level: storage.LevelCommune, SubmissionID: 2, Status: storage.StatusApproved, SubmittedAt: at(time.Date(2025, 5, 1, 8, 0, 0, 0, zone))},
		{Code: "draft", Level: storage.LevelCommune, SubmissionID: 3, Status: storage.StatusDraft},
		{Code: "returned", Level: storage.LevelCommune, SubmissionID: 4, Status: storage.StatusReturned, SubmittedAt: at(time.Date(2025, 5, 1, 8, 0, 0, 0, zone))},
		{Code: "nothing", Level: storage.LevelCommune},
	}
	want := map[string]string{"last-minute": OnTime, "just-late": Late, "utc-clock": OnTime, "approved": OnTime,
		"draft": NotCounted, "returned": NotCounted, "nothing": NotCounted}
	for _, u := range units[2:] {
		if got := Timeliness(u, p, zone); got != want[u.Code] {
			t.Errorf("%s: %s, want %s", u.Code, got, want[u.Code])
		}
	}
	got := ComputeCompleteness(units, p, zone)
	if got != (Completeness{Expected: 7, OnTime: 3, Late: 1, Missing: 3}) || got.Submitted() != 4 {
		t.Errorf("completeness = %+v", got)
	}
}

func TestPreviousPeriodIsTheSameKindJustBefore(t *testing.T) {
	zone := storagetest.Zone()
	mk := func(code, kind string, year int, month time.Month) storage.Period {
		return storage.Period{Code: code, Kind: kind, Deadline: time.Date(year, month, 15, 0, 0, 0, 0, zone)}
	}
	all := []storage.Period{
		mk("2025-H1", storage.PeriodSixMonthly, 2025, 5), mk("2025-Y", storage.PeriodYearly, 2025, 11),
		mk("2026-H1", storage.PeriodSixMonthly, 2026, 5), mk("2026-Y", storage.PeriodYearly, 2026, 11),
		mk("2027-H1", storage.PeriodSixMonthly, 2027, 5),
	}
	if got := PreviousPeriod(all[4], all); got == nil || got.Code != "2026-H1" {
		t.Errorf("previous of 2027-H1 = %+v, want 2026-H1", got)
	}
	if got := PreviousPeriod(all[3], all); got == nil || got.Code != "2025-Y" {
		t.Errorf("previous of 2026-Y = %+v, want 2025-Y", got)
	}
	if got := PreviousPeriod(all[0], all); got != nil {
		t.Errorf("2025-H1 has no previous, got %s", got.Code)
	}
}
