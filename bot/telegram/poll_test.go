package telegram

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram/telegramtest"
)

func TestPollingKeepsChatOrderAndRunsChatsInParallel(t *testing.T) {
	// In a bubble each update takes 30ms of its clock, so chats overlap
	// for certain and one chat's updates cannot.
	synctest.Test(t, func(t *testing.T) {
		rec := newRecorder()
		rec.delay = 30 * time.Millisecond
		srv, deps := inProcess(rec)
		a := newAdapter(t, testConfig(srv), deps)
		var last int
		for i := 1; i <= 5; i++ {
			for _, user := range []int64{111, 222, 333} {
				last = srv.AddUpdate(telegramtest.PrivateText(user, "tin "+strconv.Itoa(i)))
			}
		}
		run(t, a)
		srv.WaitFor(t, "all updates acknowledged", func() bool { return srv.Confirmed() == last+1 })

		want := []string{"tin 1", "tin 2", "tin 3", "tin 4", "tin 5"}
		for _, chat := range []string{"111", "222", "333"} {
			if got := rec.texts(chat); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("chat %s handled %v, want %v", chat, got, want)
			}
		}
		if n, _ := rec.concurrency(); n != 1 {
			t.Errorf("up to %d updates of one chat were handled at once, want 1", n)
		}
		if _, n := rec.concurrency(); n != 3 {
			t.Errorf("at most %d updates were handled at once, want the 3 chats' in parallel", n)
		}
		srv.WaitFor(t, "replies", func() bool { return len(srv.Received(333)) == 5 })
		for i, m := range srv.Received(333) {
			if m.Text != "echo: "+want[i] {
				t.Errorf("reply %d = %q, want replies in order", i, m.Text)
			}
		}
	})
}

// gate is a handler that holds updates with a given text until released.
type gate struct {
	*recorder
	text     string
	entered  chan struct{}
	release  chan struct{}
	confirms []int // srv.Confirmed() seen while held
	srv      *telegramtest.Server
}

func (g *gate) Handle(ctx context.Context, upd chatmsg.Update) ([]chatmsg.Message, error) {
	if upd.Text == g.text {
		g.entered <- struct{}{}
		<-g.release
	}
	return g.recorder.Handle(ctx, upd)
}

func TestOffsetAdvancesOnlyAfterHandleSucceeded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := &gate{recorder: newRecorder(), text: "chậm", entered: make(chan struct{}, 1), release: make(chan struct{})}
		srv, deps := inProcess(g)
		a := newAdapter(t, testConfig(srv), deps)
		slow := srv.AddUpdate(telegramtest.PrivateText(111, "chậm"))
		fast := srv.AddUpdate(telegramtest.PrivateText(222, "nhanh"))
		run(t, a)
		<-g.entered
		srv.WaitFor(t, "the other chat's update", func() bool { return len(g.texts("222")) == 1 })
		// Telegram keeps asking while the slow update is held; none of
		// those polls may acknowledge it, though a later update is done.
		polls := len(srv.Calls("getUpdates"))
		srv.WaitFor(t, "three more polls", func() bool { return len(srv.Calls("getUpdates")) >= polls+3 })
		if c := srv.Confirmed(); c > slow {
			t.Fatalf("offset %d acknowledged update %d before it was handled", c, slow)
		}
		close(g.release)
		srv.WaitFor(t, "acknowledgement", func() bool { return srv.Confirmed() == fast+1 })
	})
}

func TestFailingUpdateIsRetriedThenAcknowledged(t *testing.T) {
	srv := telegramtest.NewServer(t)
	rec := newRecorder()
	rec.failNext("1.234", 2)
	a := newAdapter(t, testConfig(srv), Deps{Handler: rec})
	first := srv.AddUpdate(telegramtest.PrivateText(111, "1.234"))
	second := srv.AddUpdate(telegramtest.PrivateText(111, "Có"))
	run(t, a)
	srv.WaitFor(t, "both updates acknowledged", func() bool { return srv.Confirmed() == second+1 })

	if got := rec.texts("111"); strings.Join(got, ",") != "1.234,1.234,1.234,Có" {
		t.Errorf("handled %v: want the failing update retried until it succeeds, then the next", got)
	}
	for _, c := range srv.Calls("getUpdates") {
		off, _ := strconv.Atoi(c.Params["offset"])
		if off > first && c.Time.Before(handledAt(t, srv, "echo: 1.234")) {
			t.Errorf("offset %d sent before update %d was handled", off, first)
		}
	}
	srv.WaitFor(t, "replies", func() bool { return len(srv.Received(111)) == 2 })
	if got := srv.Received(111); got[0].Text != "echo: 1.234" || got[1].Text != "echo: Có" {
		t.Errorf("replies %q, %q: want each once, in order", got[0].Text, got[1].Text)
	}
}

// handledAt is when the reply with text was sent, which is after the
// update it answers was handled.
func handledAt(t *testing.T, srv *telegramtest.Server, text string) time.Time {
	t.Helper()
	for _, c := range srv.Calls("sendMessage") {
		if c.Params["text"] == text {
			return c.Time
		}
	}
	t.Fatalf("no reply %q", text)
	return time.Time{}
}

func TestShutdownFinishesInFlightUpdateAndAcknowledgesIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := &gate{recorder: newRecorder(), text: "đang lưu", entered: make(chan struct{}, 1), release: make(chan struct{})}
		srv, deps := inProcess(g)
		a := newAdapter(t, testConfig(srv), deps)
		id := srv.AddUpdate(telegramtest.PrivateText(111, "đang lưu"))
		stop := run(t, a)
		<-g.entered
		stopped := make(chan error, 1)
		go func() { stopped <- stop() }()
		// Once every goroutine of the bubble is blocked, Run has done all
		// it would do before the handler finishes.
		synctest.Wait()
		select {
		case <-stopped:
			t.Fatal("Run returned while an update was being handled")
		default:
		}
		close(g.release)
		if err := <-stopped; err != nil {
			t.Fatalf("Run: %v", err)
		}
		if got := srv.Received(111); len(got) != 1 || got[0].Text != "echo: đang lưu" {
			t.Errorf("the in-flight update's reply was not sent: %+v", got)
		}
		if c := srv.Confirmed(); c != id+1 {
			t.Errorf("offset after shutdown = %d, want %d (the finished update acknowledged)", c, id+1)
		}
	})
}

func TestRecordedPayloadsThroughPolling(t *testing.T) {
	srv := telegramtest.NewServer(t)
	rec := newRecorder()
	var mu sync.Mutex
	var gone []string
	onGone := func(_ context.Context, chat string) { mu.Lock(); gone = append(gone, chat); mu.Unlock() }
	a := newAdapter(t, testConfig(srv), Deps{Handler: rec, OnGone: onGone})
	var last int
	for _, name := range []string{"start_command.json", "text_message.json", "edited_message.json", "sticker.json", "my_chat_member_kicked.json"} {
		id, err := srv.AddRawUpdate(readPayload(t, name))
		if err != nil {
			t.Fatal(err)
		}
		last = id
	}
	run(t, a)
	srv.WaitFor(t, "acknowledgement", func() bool { return srv.Confirmed() == last+1 })
	var kinds []string
	for _, u := range rec.seen() {
		kinds = append(kinds, string(u.Kind)+":"+u.Text)
	}
	want := "message:/start K7Q2M9PX,message:1.234,edited:1.243,other:"
	if strings.Join(kinds, ",") != want {
		t.Errorf("router saw %v, want %s", kinds, want)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(gone) != 1 || gone[0] != "5123456789" {
		t.Errorf("OnGone = %v after the user blocked the bot", gone)
	}
}

func TestRevokedTokenStopsPollingWithoutShowingIt(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder()})
	srv.FailNext("getUpdates", telegramtest.Failure{Code: 401, Description: "Unauthorized"})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := a.Run(ctx)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("Run = %v, want it to stop by itself on a 401", err)
	}
	if strings.Contains(err.Error(), telegramtest.Token) {
		t.Errorf("error shows the token: %v", err)
	}
}
