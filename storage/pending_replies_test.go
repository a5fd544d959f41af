package storage_test

import (
	"context"
	"testing"
	"time"

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
