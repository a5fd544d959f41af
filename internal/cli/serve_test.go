package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/telegram/telegramtest"
	"treembot/flows"
	"treembot/internal/cli"
	"treembot/internal/cli/clitest"
	"treembot/internal/testkit"
	"treembot/locales"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// serveEnv extends testEnv with a fake Bot API and fast pacing.
func serveEnv(t *testing.T, base func(string) string, tg *telegramtest.Server, extra map[string]string) func(string) string {
	env := map[string]string{"TELEGRAM_TOKEN": telegramtest.Token, "TELEGRAM_API_ENDPOINT": tg.Endpoint(),
		"HTTP_ADDR": clitest.FreeAddr(t), "TELEGRAM_CHAT_INTERVAL": "1ms", "TELEGRAM_GLOBAL_RATE": "1000"}
	for k, v := range extra {
		env[k] = v
	}
	return func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return base(k)
	}
}

// startServe runs `treembot serve` until the returned stop is called.
func startServe(t *testing.T, env func(string) string) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var out, errOut bytes.Buffer
	go func() {
		done <- cli.Run(ctx, []string{"serve", "--now", "2025-05-08T08:00:00+07:00"},
			cli.Stdio{In: strings.NewReader(""), Out: &out, Err: &errOut}, env)
	}()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("serve log:\n%s", errOut.String())
		}
	})
	return func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d: %s", code, errOut.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop within 30s")
		}
	}
}

// chatUser talks to the bot as one Telegram user through the fake server.
type chatUser struct {
	t  *testing.T
	tg *telegramtest.Server
	id int64
}

// say queues an update and waits for the bot's next reply.
func (u chatUser) say(upd tgbotapi.Update) telegramtest.Sent {
	u.t.Helper()
	before := len(u.tg.Received(u.id))
	id := u.tg.AddUpdate(upd)
	// An update is acknowledged only once handled and its replies sent:
	// past its id, every message of the reply is here.
	testkit.Eventually(u.t, 10*time.Second, "the update answered and acknowledged", func() bool {
		return u.tg.Confirmed() > id && len(u.tg.Received(u.id)) > before
	})
	got := u.tg.Received(u.id)
	last := got[len(got)-1]
	var texts []string
	for _, m := range got[before:] {
		texts = append(texts, m.Text)
	}
	last.Text = strings.Join(texts, "\n")
	return last
}

func (u chatUser) text(s string) telegramtest.Sent { return u.say(telegramtest.PrivateText(u.id, s)) }

// press presses the button labelled label under the newest keyboard.
func (u chatUser) press(label string) telegramtest.Sent {
	u.t.Helper()
	msgs := u.tg.Received(u.id)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, row := range msgs[i].Keyboard {
			for _, b := range row {
				if b.Text == label && b.CallbackData != nil {
					return u.say(telegramtest.ButtonPress(u.id, msgs[i].MessageID, *b.CallbackData))
				}
			}
		}
	}
	u.t.Fatalf("no button %q on screen", label)
	return telegramtest.Sent{}
}

func inviteCode(t *testing.T, env func(string) string, role, unit string) string {
	out := clitest.Run(t, env, "", "invite", "--role", role, "--unit", unit)
	return strings.Fields(out)[0]
}

// Issue 3's end-to-end path: join by invite, report with buttons and
// typed answers (bad ones included), confirm, receipt; the figures are in
// the database and every button press was answered.
func TestTelegramJoinAndFullReport(t *testing.T) {
	base := clitest.Env(t)
	clitest.Run(t, base, "", "seed", "--demo")
	code := inviteCode(t, base, "collaborator", "VQ-XL-02")
	tg := telegramtest.NewServer(t)
	stop := startServe(t, serveEnv(t, base, tg, nil))
	u := chatUser{t, tg, 424242}
	if got := u.text("/report"); !strings.Contains(got.Text, "mã mời") {
		t.Fatalf("a stranger should get join instructions, got %q", got.Text)
	}
	mustHave(t, u.text("/start "+code).Text, "Chào mừng")
	mustHave(t, u.text("/report").Text, "Câu 1 —")
	answers := map[string]string{}
	for k, v := range clitest.ScriptAnswers {
		answers[k] = v[1]
	}
	forms, _ := flows.LoadForms()
	labels := map[string]string{"data_source": "Khảo sát, rà soát", "proposals": "Bỏ qua"}
	for _, q := range flows.NewEngine(locales.MustLoad()).Questions(forms["village_report"], answers) {
		if q.ID == "children_u8" {
			mustHave(t, u.text("1.5").Text, "chỉ nhận số đếm")
		}
		if label, ok := labels[q.ID]; ok {
			u.press(label)
			continue
		}
		u.text(clitest.ScriptAnswers[q.ID][0])
	}
	receipt := u.press("✅ Xác nhận gửi")
	mustHave(t, receipt.Text, "✅ Đã gửi báo cáo. Cảm ơn")
	if n, m := len(tg.Calls("answerCallbackQuery")), len(labels)+1; n != m {
		t.Errorf("%d button presses but %d callback answers", m, n)
	}
	stop()
	export := clitest.Run(t, base, "", "export", "--period", "2025-H1")
	for code, a := range clitest.ScriptAnswers {
		if !strings.Contains(export, "VQ-XL-02,") || !strings.Contains(export, ","+code+","+a[1]+",submitted") {
			t.Errorf("export lacks %s=%s submitted:\n%s", code, a[1], export)
		}
	}
}

func mustHave(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("reply %q does not contain %q", got, want)
	}
}

// A person who blocked the bot is marked inactive when a send gets 403.
func TestTelegramBlockedUserMarkedInactive(t *testing.T) {
	base := clitest.Env(t)
	clitest.Run(t, base, "", "seed", "--demo")
	code := inviteCode(t, base, "collaborator", "VQ-XL-02")
	tg := telegramtest.NewServer(t)
	stop := startServe(t, serveEnv(t, base, tg, nil))
	u := chatUser{t, tg, 515151}
	u.text("/start " + code)
	tg.FailChat(u.id, telegramtest.Failure{Code: 403})
	help := tg.AddUpdate(telegramtest.PrivateText(u.id, "/help"))
	// Acknowledged once its reply was tried: the 403 and the marking are done.
	testkit.Eventually(t, 10*time.Second, "the update acknowledged", func() bool { return tg.Confirmed() > help })
	stop()
	st := storagetest.Open(t, storage.Options{URL: base("DATABASE_URL"), SQLitePath: base("SQLITE_PATH")})
	ids := identitiesOf(t, st, "VQ-XL-02", "515151")
	if len(ids) != 1 || ids[0].Active {
		t.Errorf("identity after 403: %+v", ids)
	}
}

func identitiesOf(t *testing.T, st *storage.Store, unitCode, external string) []storage.Identity {
	ctx := context.Background()
	unit, err := st.UnitByCode(ctx, unitCode)
	if err != nil {
		t.Fatal(err)
	}
	users, err := st.UsersOfUnits(ctx, []uint{unit.ID})
	if err != nil {
		t.Fatal(err)
	}
	var out []storage.Identity
	for _, u := range users {
		ids, err := st.IdentitiesOfUser(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if id.ExternalID == external {
				out = append(out, id)
			}
		}
	}
	return out
}

// Webhook mode: a wrong secret is refused and touches nothing; the same
// update delivered twice (Telegram's retry) is answered once.
func TestTelegramWebhookSecretAndDuplicate(t *testing.T) {
	base := clitest.Env(t)
	tg := telegramtest.NewServer(t)
	env := serveEnv(t, base, tg, map[string]string{
		"TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg/hook", "TELEGRAM_WEBHOOK_SECRET": "s3cret-token"})
	stop := startServe(t, env)
	defer stop()
	url := "http://" + env("HTTP_ADDR") + "/tg/hook"
	waitReady(t, "http://"+env("HTTP_ADDR")+"/readyz")
	upd := telegramtest.PrivateText(777, "/start")
	upd.UpdateID = 9001
	body, _ := json.Marshal(upd)
	if code := post(t, url, "wrong", body); code != http.StatusUnauthorized {
		t.Errorf("wrong secret: status %d, want 401", code)
	}
	if n := len(tg.Received(777)); n != 0 {
		t.Fatalf("a refused request produced %d replies", n)
	}
	for i := 0; i < 2; i++ {
		if code := post(t, url, "s3cret-token", body); code != http.StatusOK {
			t.Fatalf("delivery %d: status %d", i+1, code)
		}
	}
	// The 200 comes once the update's effects and replies are saved, the
	// sends after it: wait until the second delivery is counted as a
	// duplicate and the first's reply has arrived, then count the replies.
	metrics := "http://" + env("HTTP_ADDR") + "/metrics"
	testkit.Eventually(t, 10*time.Second, "the second delivery handled as a duplicate and the reply sent", func() bool {
		return strings.Contains(get(t, metrics), `outcome="duplicate"} 1`) && len(tg.Received(777)) >= 1
	})
	if n := len(tg.Received(777)); n != 1 {
		t.Errorf("the same update delivered twice got %d replies, want 1", n)
	}
}

// get returns the body of url.
func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func post(t *testing.T, url, secret string, body []byte) int {
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func waitReady(t *testing.T, url string) {
	t.Helper()
	testkit.Eventually(t, 5*time.Second, url+" ready", func() bool {
		resp, err := http.Get(url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}
