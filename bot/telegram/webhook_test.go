package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/telegram/telegramtest"
)

const testSecret = "s3cret_for-tests"

func webhookConfig(srv *telegramtest.Server) Config {
	cfg := testConfig(srv)
	cfg.WebhookURL, cfg.WebhookSecret = "https://treem.example.org/telegram/webhook", testSecret
	return cfg
}

func post(h http.Handler, method, secret string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/telegram/webhook", bytes.NewReader(body))
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func updateJSON(t *testing.T, u tgbotapi.Update) []byte {
	t.Helper()
	b, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWebhookRefusesWhatIsNotTelegram(t *testing.T) {
	srv := telegramtest.NewServer(t)
	rec := newRecorder()
	h := newAdapter(t, webhookConfig(srv), Deps{Handler: rec}).WebhookHandler()
	body := readPayload(t, "text_message.json")
	cases := []struct {
		name, method, secret string
		body                 []byte
		want                 int
	}{
		{"no secret", http.MethodPost, "", body, http.StatusUnauthorized},
		{"wrong secret", http.MethodPost, testSecret + "x", body, http.StatusUnauthorized},
		{"GET", http.MethodGet, testSecret, nil, http.StatusMethodNotAllowed},
		{"oversized", http.MethodPost, testSecret, updateJSON(t, telegramtest.PrivateText(111, strings.Repeat("x", 2<<20))), http.StatusRequestEntityTooLarge},
		{"malformed", http.MethodPost, testSecret, []byte(`{"update_id":`), http.StatusBadRequest},
	}
	for _, c := range cases {
		if got := post(h, c.method, c.secret, c.body).Code; got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	if n := len(rec.seen()); n != 0 {
		t.Errorf("the handler ran %d times for refused requests", n)
	}
}

func TestWebhookWithoutConfiguredSecretRefusesAll(t *testing.T) {
	srv := telegramtest.NewServer(t)
	rec := newRecorder()
	h := newAdapter(t, testConfig(srv), Deps{Handler: rec}).WebhookHandler() // polling config: no secret
	if got := post(h, http.MethodPost, "", readPayload(t, "text_message.json")).Code; got != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", got)
	}
}

func TestWebhookAnswers2xxOnlyAfterHandleSucceeded(t *testing.T) {
	srv := telegramtest.NewServer(t)
	rec := newRecorder()
	rec.failNext("1.234", 1)
	h := newAdapter(t, webhookConfig(srv), Deps{Handler: rec}).WebhookHandler()
	body := readPayload(t, "text_message.json")
	if got := post(h, http.MethodPost, testSecret, body).Code; got != http.StatusInternalServerError {
		t.Fatalf("failed Handle answered %d, want 500 so Telegram retries", got)
	}
	if n := len(srv.Received(lanChat)); n != 0 {
		t.Errorf("%d replies sent for an update that was not saved", n)
	}
	if got := post(h, http.MethodPost, testSecret, body).Code; got != http.StatusOK {
		t.Fatalf("Telegram's retry answered %d, want 200", got)
	}
	if got := srv.Received(lanChat); len(got) != 1 || got[0].Text != "echo: 1.234" {
		t.Errorf("replies %+v, want the echo once", got)
	}
}

func TestWebhookCallbackAnsweredEvenWhenHandleFails(t *testing.T) {
	srv := telegramtest.NewServer(t)
	rec := newRecorder()
	rec.failNext("a:7:yes", 1)
	h := newAdapter(t, webhookConfig(srv), Deps{Handler: rec}).WebhookHandler()
	if got := post(h, http.MethodPost, testSecret, readPayload(t, "callback_query.json")).Code; got != 500 {
		t.Fatalf("status %d, want 500", got)
	}
	answers := srv.Calls("answerCallbackQuery")
	if len(answers) != 1 || answers[0].Params["callback_query_id"] != "4382957309841237651" {
		t.Fatalf("answerCallbackQuery calls = %+v, want one for the pressed button", answers)
	}
	if !strings.Contains(answers[0].Params["text"], "bận") {
		t.Errorf("answer text %q should tell the Vietnamese user the system is busy", answers[0].Params["text"])
	}
	if n := len(srv.Calls("editMessageReplyMarkup")) + len(srv.Calls("editMessageText")); n != 0 {
		t.Error("the keyboard was removed although the answer was not saved")
	}
}

func TestRunRegistersAndServesWebhook(t *testing.T) {
	srv := telegramtest.NewServer(t)
	rec := newRecorder()
	cfg := webhookConfig(srv)
	cfg.HTTPAddr = freeAddr(t)
	a := newAdapter(t, cfg, Deps{Handler: rec})
	stop := run(t, a)
	srv.WaitFor(t, "setWebhook", func() bool { return len(srv.Calls("setWebhook")) == 1 })
	p := srv.Calls("setWebhook")[0].Params
	if p["url"] != cfg.WebhookURL || p["secret_token"] != testSecret || !strings.Contains(p["allowed_updates"], "callback_query") {
		t.Errorf("setWebhook params = %v", p)
	}
	url := "http://" + cfg.HTTPAddr + "/telegram/webhook"
	var resp *http.Response
	srv.WaitFor(t, "webhook server", func() bool {
		req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(updateJSON(t, telegramtest.PrivateText(111, "/start ABC"))))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", testSecret)
		var err error
		resp, err = http.DefaultClient.Do(req)
		return err == nil
	})
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(rec.texts("111")) != 1 {
		t.Errorf("served webhook answered %d and handled %v", resp.StatusCode, rec.texts("111"))
	}
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
	if n := len(srv.Calls("getUpdates")); n != 0 {
		t.Errorf("webhook mode polled getUpdates %d times", n)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func TestCallbackAnsweredAndAnswerRecordedOnTheQuestion(t *testing.T) {
	srv := telegramtest.NewServer(t)
	rec := newRecorder()
	a := newAdapter(t, testConfig(srv), Deps{Handler: rec})
	ctx := context.Background()
	question := botQuestion("Xã đã ban hành kế hoạch chưa?", "a:7:yes", "a:7:no")
	if err := a.Send(ctx, question); err != nil {
		t.Fatal(err)
	}
	msgID := srv.Received(111)[0].MessageID
	id := srv.AddUpdate(telegramtest.ButtonPress(111, msgID, "a:7:yes"))
	run(t, a)
	srv.WaitFor(t, "acknowledgement", func() bool { return srv.Confirmed() == id+1 })
	srv.WaitFor(t, "reply", func() bool { return len(srv.Received(111)) == 2 })

	if got := rec.seen(); len(got) != 1 || got[0].Kind != "callback" || got[0].Text != "a:7:yes" || got[0].MessageID != itoa(msgID) {
		t.Errorf("router saw %+v", got)
	}
	answers := srv.Calls("answerCallbackQuery")
	if len(answers) != 1 || answers[0].Params["text"] != "" {
		t.Errorf("answerCallbackQuery calls = %+v, want one silent answer", answers)
	}
	q := srv.Received(111)[0]
	if len(q.Keyboard) != 0 {
		t.Errorf("the question still has its keyboard %v: an old button could answer a newer question", q.Keyboard)
	}
	if want := "Xã đã ban hành kế hoạch chưa?\n\n✓ a:7:yes"; q.Text != want {
		t.Errorf("the question reads %q after the press, want the answer under it: %q", q.Text, want)
	}
	edits := srv.Calls("editMessageText")
	if len(edits) != 1 || edits[0].Time.After(handledAt(t, srv, "echo: a:7:yes")) || len(srv.Calls("editMessageReplyMarkup")) != 0 {
		t.Error("the answer should be recorded and the keyboard removed by one edit, before the reply is sent")
	}
}

func TestStaleCallbackWithoutMessageIsStillAnswered(t *testing.T) {
	srv := telegramtest.NewServer(t)
	rec := newRecorder()
	a := newAdapter(t, webhookConfig(srv), Deps{Handler: rec})
	u := telegramtest.ButtonPress(111, 5, "a:1:yes")
	u.CallbackQuery.Message = nil // inline message: nothing to route
	u.CallbackQuery.InlineMessageID = "AAAAAQ"
	if got := post(a.WebhookHandler(), http.MethodPost, testSecret, updateJSON(t, u)).Code; got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	if len(srv.Calls("answerCallbackQuery")) != 1 || len(rec.seen()) != 0 {
		t.Error("a button press the router cannot place must still be answered, and not routed")
	}
}

func TestPressOnATableOnlyLosesItsKeyboard(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, webhookConfig(srv), Deps{Handler: newRecorder()})
	review := botQuestion("Câu 1  12\nCâu 2   3", "confirm")
	review.Pre = true
	if err := a.Send(context.Background(), review); err != nil {
		t.Fatal(err)
	}
	sent := srv.Received(111)[0]
	press := telegramtest.ButtonPress(111, sent.MessageID, "confirm")
	srv.AddUpdate(press) // fills the pressed message in, as Telegram does
	if got := post(a.WebhookHandler(), http.MethodPost, testSecret, updateJSON(t, press)).Code; got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	after := srv.Received(111)[0]
	if len(after.Keyboard) != 0 || after.Text != sent.Text {
		t.Errorf("the table reads %q with keyboard %v, want it unchanged but without buttons", after.Text, after.Keyboard)
	}
}
