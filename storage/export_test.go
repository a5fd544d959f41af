package storage_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func TestExportRowsListsStoredValuesInOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	now := storagetest.Now()
	fill := func(unitCode, periodCode string, submit bool, values ...storage.ValueChange) {
		t.Helper()
		u := mustUnit(t, s, unitCode)
		sub, err := s.OpenDraft(ctx, storage.DraftRequest{UnitID: u.ID, PeriodID: mustPeriod(t, s, periodCode).ID,
			FormID: communeForm, UserID: 1, Channel: "terminal", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: 1, Channel: "terminal", Now: now, Changes: values}); err != nil {
			t.Fatal(err)
		}
		if submit {
			if _, err := s.Submit(ctx, storage.SubmitRequest{SubmissionID: sub.ID, UserID: 1, Channel: "terminal", Now: now}); err != nil {
				t.Fatal(err)
			}
		}
	}
	fill("VQ-XL-02", "2025-Y", false, set("live_births", "3"))
	fill("VQ-XL-01", "2025-H1", true, set("live_births", "7"), set("children_u5", "1234.5"))
	fill("VQ-TD-01", "2025-H1", false, set("difficulties", "Đường xa, mưa lũ"))

	all, err := s.ExportRows(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range all {
		at := "-"
		if r.SubmittedAt != nil {
			at = r.SubmittedAt.In(storagetest.Zone()).Format(time.DateTime)
		}
		got = append(got, fmt.Sprintf("%s|%s|%s|%s|%s|%s|v%d|%s", r.PeriodCode, r.UnitCode, r.UnitName, r.ElementCode, r.Value, r.Status, r.Version, at))
	}
	want := []string{
		"2025-H1|VQ-TD-01|Thôn Pác Làng|difficulties|Đường xa, mưa lũ|draft|v1|-",
		"2025-H1|VQ-XL-01|Thôn Nà Lùng|children_u5|1234.5|submitted|v1|2025-05-02 09:00:00",
		"2025-H1|VQ-XL-01|Thôn Nà Lùng|live_births|7|submitted|v1|2025-05-02 09:00:00",
		"2025-Y|VQ-XL-02|Thôn Bản Khuông|live_births|3|draft|v1|-",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("export rows:\n%q\nwant:\n%q", got, want)
	}
	one, err := s.ExportRows(ctx, "2025-Y")
	if err != nil {
		t.Fatal(err)
	}
	if len(one) != 1 || one[0].UnitCode != "VQ-XL-02" {
		t.Errorf("2025-Y export = %+v", one)
	}
	if _, err := s.ExportRows(ctx, "1999-H1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown period: %v, want ErrNotFound", err)
	}
}
