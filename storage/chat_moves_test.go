package storage_test

import (
	"context"
	"testing"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func TestMoveChatTakesQueuedRemindersAlong(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	now := storagetest.Now()
	queued := outboxRow("q", now)
	queued.ChatID = "-4001"
	if _, err := s.EnqueueOutbox(ctx, []storage.OutboxMessage{queued, outboxRow("other", now)}); err != nil {
		t.Fatal(err)
	}
	n, err := s.MoveChat(ctx, "telegram", "-4001", "-1004001")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.OutboxMessages(ctx, "", "", 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.Key] = r.ChatID
	}
	if n != 1 || got["q"] != "-1004001" || got["other"] != "42" {
		t.Errorf("moved %d rows, chats now %v; want the queued reminder in the supergroup, the rest untouched", n, got)
	}
}
