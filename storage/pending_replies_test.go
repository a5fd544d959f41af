package storage_test

import (
	"context"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func TestPendingRepliesAreTakenOnceOldestFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	first, err := s.SavePendingReply(ctx, "telegram", "42", []byte(`[{"Text":"Câu 2"}]`))
	if err != nil {
		t.Fatal(err)
	}
	sent, _ := s.SavePendingReply(ctx, "telegram", "43", []byte(`[{"Text":"Câu 5"}]`))
	if _, err := s.SavePendingReply(ctx, "zalo", "44", []byte(`[]`)); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePendingReplies(ctx, []uint{sent}); err != nil {
		t.Fatal(err)
	}
	got, err := s.TakePendingReplies(ctx, "telegram", -time.Second, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != first || string(got[0].Payload) != `[{"Text":"Câu 2"}]` {
		t.Fatalf("took %+v, want only the unsent Telegram reply", got)
	}
	if again, _ := s.TakePendingReplies(ctx, "telegram", -time.Second, 10); len(again) != 0 {
		t.Errorf("a reply was taken twice: %+v", again)
	}
	if early, _ := s.TakePendingReplies(ctx, "zalo", time.Hour, 10); len(early) != 0 {
		t.Errorf("a reply newer than the cut-off was taken: %+v", early)
	}
}

// The turn's replies saved with its answers are committed with them, and
// only then: an answer that changes nothing writes no reply either (the
// channel saves its own), and a failed write keeps none.
func TestRepliesSavedWithTheAnswersTheyFollow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newDraftFixture(t)
	now := storagetest.Now()
	draft := f.open(t, now)
	change := func(sub uint, c storage.ValueChange) (*storage.PendingReply, error) {
		reply := &storage.PendingReply{Channel: "telegram", ChatID: "42", Payload: []byte(`[{"Text":"Câu 2"}]`)}
		err := f.s.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub, UserID: f.user.ID,
			Channel: "telegram", Now: now, Changes: []storage.ValueChange{c}, Reply: reply})
		return reply, err
	}
	saved, err := change(draft.ID, set("children_u5", "120"))
	if err != nil || saved.ID == 0 {
		t.Fatalf("reply id %d, err %v: want the reply saved with the answer", saved.ID, err)
	}
	unchanged, err := change(draft.ID, set("children_u5", "120"))
	if err != nil || unchanged.ID != 0 {
		t.Errorf("reply id %d, err %v: an answer that changes nothing saved a reply", unchanged.ID, err)
	}
	failed, err := change(draft.ID+1000, set("children_u5", "7"))
	if err == nil || failed.ID != 0 {
		t.Errorf("reply id %d, err %v: a failed write kept its reply", failed.ID, err)
	}
	got, err := f.s.TakePendingReplies(ctx, "telegram", -time.Second, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != saved.ID || got[0].ChatID != "42" || string(got[0].Payload) != `[{"Text":"Câu 2"}]` {
		t.Errorf("kept %+v, want only the reply of the answer that was stored", got)
	}
}

// The caller's own replies, still being sent, are not taken.
func TestPendingRepliesAreTakenExceptTheCallersOwn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	left, _ := s.SavePendingReply(ctx, "telegram", "42", []byte(`[{"Text":"left behind"}]`))
	own, err := s.SavePendingReply(ctx, "telegram", "43", []byte(`[{"Text":"on its way"}]`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.TakePendingReplies(ctx, "telegram", -time.Second, 10, own)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != left {
		t.Fatalf("took %+v, want only reply %d", got, left)
	}
	if rest, _ := s.TakePendingReplies(ctx, "telegram", -time.Second, 10); len(rest) != 1 || rest[0].ID != own {
		t.Errorf("then took %+v, want the caller's own %d", rest, own)
	}
}
