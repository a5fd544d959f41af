package terminal

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"treembot/bot/chatmsg"
	"treembot/locales"
)

// recorder is a bot that remembers what it was sent and answers with a
// scripted reply.
type recorder struct {
	got   []chatmsg.Update
	reply func(u chatmsg.Update) []chatmsg.Message
}

func (r *recorder) Handle(_ context.Context, u chatmsg.Update) ([]chatmsg.Message, error) {
	r.got = append(r.got, u)
	return r.reply(u), nil
}

func runScript(t *testing.T, script string, reply func(chatmsg.Update) []chatmsg.Message) (*recorder, string) {
	t.Helper()
	var out bytes.Buffer
	rec := &recorder{reply: reply}
	term := New(Config{UserID: "demo-x", Name: "Thử", Lang: "vi", In: strings.NewReader(script), Out: &out,
		Echo: true, FileDir: t.TempDir(), Catalog: locales.MustLoad()})
	if err := term.Run(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	return rec, out.String()
}

// A typed number picks a button only where numbers may stand for buttons;
// where the question expects a number, "2" is the answer 2.
func TestTypedNumbersAndLabelsPressButtons(t *testing.T) {
	choice := chatmsg.Message{ChatID: "demo-x", Text: "Chọn kỳ", NumberedButtons: true,
		Buttons: [][]chatmsg.Button{{{Label: "Kỳ A", Data: "per:A"}, {Label: "Kỳ B", Data: "per:B"}}}}
	count := chatmsg.Message{ChatID: "demo-x", Text: "Bao nhiêu trẻ?",
		Buttons: [][]chatmsg.Button{{{Label: "◀ Quay lại", Data: "nav:q:back"}}}}
	rec, out := runScript(t, "2\n2\n◀ quay lại\n", func(u chatmsg.Update) []chatmsg.Message {
		if u.Text == "/start" {
			return []chatmsg.Message{choice}
		}
		return []chatmsg.Message{count}
	})
	want := []struct {
		kind chatmsg.UpdateKind
		text string
	}{{chatmsg.KindMessage, "/start"}, {chatmsg.KindCallback, "per:B"}, {chatmsg.KindMessage, "2"}, {chatmsg.KindCallback, "nav:q:back"}}
	if len(rec.got) != len(want) {
		t.Fatalf("got %d updates, want %d: %+v", len(rec.got), len(want), rec.got)
	}
	for i, w := range want {
		if rec.got[i].Kind != w.kind || rec.got[i].Text != w.text {
			t.Errorf("update %d = %s %q, want %s %q", i, rec.got[i].Kind, rec.got[i].Text, w.kind, w.text)
		}
	}
	for _, s := range []string{"1) Kỳ A", "2) Kỳ B", "[◀ Quay lại]", "> 2"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
}

func TestDocumentsAreSavedAndNamed(t *testing.T) {
	var dir string
	_, out := runScript(t, "", func(chatmsg.Update) []chatmsg.Message {
		return []chatmsg.Message{{ChatID: "demo-x", Text: "Tệp báo cáo",
			Document: &chatmsg.File{Name: "../../bao-cao.xlsx", Bytes: []byte("PK\x03\x04")}}}
	})
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "Đã lưu tệp") {
			dir = strings.TrimSuffix(strings.TrimPrefix(line, "(Đã lưu tệp: "), ")")
		}
	}
	if filepath.Base(dir) != "bao-cao.xlsx" {
		t.Fatalf("saved path %q; output:\n%s", dir, out)
	}
	if b, err := os.ReadFile(dir); err != nil || string(b) != "PK\x03\x04" {
		t.Errorf("file content %q, %v", b, err)
	}
}
