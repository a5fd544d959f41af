package telegram

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram/telegramtest"
)

var testMenu = []chatmsg.MenuCommand{
	{Name: "start", Description: map[string]string{"vi": "Bắt đầu hoặc tham gia bằng mã mời", "en": "Start or join with an invite code"}},
	{Name: "help", Description: map[string]string{"vi": "Hướng dẫn sử dụng", "en": "How to use the bot"}},
	{Name: "report", Description: map[string]string{"vi": "Nhập báo cáo", "en": "Fill in the report"}, Roles: []string{"collaborator", "commune_officer"}},
	{Name: "invite", Description: map[string]string{"vi": "Tạo mã mời", "en": "Create invite codes"}, Roles: []string{"admin"}},
}

// menus decodes the recorded setMyCommands calls as "scope/lang" → commands.
func menus(t *testing.T, srv *telegramtest.Server) map[string][]tgbotapi.BotCommand {
	t.Helper()
	out := map[string][]tgbotapi.BotCommand{}
	for _, c := range srv.Calls("setMyCommands") {
		var scope tgbotapi.BotCommandScope
		var cmds []tgbotapi.BotCommand
		if err := json.Unmarshal([]byte(c.Params["scope"]), &scope); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(c.Params["commands"]), &cmds); err != nil {
			t.Fatal(err)
		}
		out[scope.Type+"/"+c.Params["language_code"]] = cmds
	}
	return out
}

func names(cmds []tgbotapi.BotCommand) string {
	var n []string
	for _, c := range cmds {
		n = append(n, c.Command)
	}
	sort.Strings(n)
	return strings.Join(n, ",")
}

func TestRunRegistersMenuInVietnameseAndEnglish(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder(), Menu: testMenu})
	run(t, a)
	srv.WaitFor(t, "setMyCommands", func() bool { return len(srv.Calls("getUpdates")) > 0 })
	got := menus(t, srv)
	for _, key := range []string{"default/", "default/vi", "default/en", "all_private_chats/", "all_private_chats/vi", "all_private_chats/en"} {
		if names(got[key]) != "help,start" {
			t.Errorf("%s menu = %q, want only the commands for everyone (help,start)", key, names(got[key]))
		}
	}
	if d := got["default/vi"][0].Description; d != "Bắt đầu hoặc tham gia bằng mã mời" {
		t.Errorf("Vietnamese menu describes /start as %q", d)
	}
	if d := got["default/en"][0].Description; d != "Start or join with an invite code" {
		t.Errorf("English menu describes /start as %q", d)
	}
	if d := got["default/"][0].Description; d != "Bắt đầu hoặc tham gia bằng mã mời" {
		t.Errorf("menu for other languages describes /start as %q, want Vietnamese", d)
	}
}

func TestSetChatMenuShowsTheRolesCommands(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder(), Menu: testMenu})
	if err := a.SetChatMenu(context.Background(), "5123456789", "collaborator", "en"); err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls("setMyCommands")
	if len(calls) != 3 || !strings.Contains(calls[0].Params["scope"], `"chat_id":5123456789`) {
		t.Fatalf("setMyCommands calls = %+v, want 3 for that chat", calls)
	}
	got := menus(t, srv)
	if names(got["chat/vi"]) != "help,report,start" {
		t.Errorf("collaborator's menu = %q, want help,report,start (not invite)", names(got["chat/vi"]))
	}
	// The person chose English in the bot: a Vietnamese client shows it too.
	for _, key := range []string{"chat/", "chat/vi", "chat/en"} {
		if d := got[key][0].Description; d != "Start or join with an invite code" {
			t.Errorf("%s menu describes /start as %q, want the person's English", key, d)
		}
	}
	if err := a.SetChatMenu(context.Background(), "not-a-chat", "admin", "vi"); err == nil {
		t.Error("a malformed chat id was accepted")
	}
}

func TestDefaultMenuIsInTheDefaultLanguage(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder(), Menu: testMenu, Lang: "en"})
	if err := a.registerMenu(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := menus(t, srv)
	if d := got["default/"][0].Description; d != "Start or join with an invite code" {
		t.Errorf("with BOT_DEFAULT_LANG=en, other clients see /start as %q", d)
	}
	if d := got["default/vi"][0].Description; d != "Bắt đầu hoặc tham gia bằng mã mời" {
		t.Errorf("Vietnamese clients see /start as %q", d)
	}
}

func TestMissingDescriptionFallsBack(t *testing.T) {
	c := chatmsg.MenuCommand{Name: "status", Description: map[string]string{"vi": "Tiến độ"}}
	if got := describe(c, "en"); got != "Tiến độ" {
		t.Errorf("describe = %q, want the Vietnamese text rather than nothing", got)
	}
	if got := describe(chatmsg.MenuCommand{Name: "x"}, "vi"); got != "/x" {
		t.Errorf("describe = %q, want the command itself", got)
	}
}
