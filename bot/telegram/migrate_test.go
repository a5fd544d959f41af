package telegram

import (
	"context"
	"sync"
	"testing"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram/telegramtest"
)

// moves records OnMigrate calls.
type moves struct {
	mu  sync.Mutex
	got [][2]string
}

func (m *moves) record(_ context.Context, from, to string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.got = append(m.got, [2]string{from, to})
}

func TestMessageToAGroupThatBecameASupergroupIsResent(t *testing.T) {
	srv := telegramtest.NewServer(t)
	var mv moves
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder(), OnMigrate: mv.record})
	srv.FailChat(-4001, telegramtest.Failure{Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat",
		MigrateTo: -1004001})
	if err := a.Send(context.Background(), chatmsg.Message{ChatID: "-4001", Text: "Xã Na Lạo còn thiếu báo cáo"}); err != nil {
		t.Fatalf("send to a migrated group: %v", err)
	}
	if got := srv.Received(-1004001); len(got) != 1 || got[0].Text != "Xã Na Lạo còn thiếu báo cáo" {
		t.Errorf("the supergroup received %+v, want the message", got)
	}
	if len(mv.got) != 1 || mv.got[0] != [2]string{"-4001", "-1004001"} {
		t.Errorf("OnMigrate calls %v, want one from -4001 to -1004001", mv.got)
	}
}

func TestMigrationNoticeMovesTheChat(t *testing.T) {
	srv := telegramtest.NewServer(t)
	var mv moves
	rec := newRecorder()
	a := newAdapter(t, testConfig(srv), Deps{Handler: rec, OnMigrate: mv.record})
	notice := telegramtest.GroupText(-4002, 5, "")
	notice.Message.MigrateToChatID = -1004002
	if err := a.process(context.Background(), notice, false, nil); err != nil {
		t.Fatal(err)
	}
	if len(mv.got) != 1 || mv.got[0] != [2]string{"-4002", "-1004002"} || len(rec.seen()) != 0 {
		t.Errorf("OnMigrate calls %v, router saw %d updates; want one move and nothing routed", mv.got, len(rec.seen()))
	}
}
