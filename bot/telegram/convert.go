package telegram

import (
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/chatmsg"
)

// channelName is chatmsg.Update.Channel for every update from this adapter.
const channelName = "telegram"

// toUpdate turns a Bot API update into the router's form. ok is false for
// updates that have no chat to answer in (channel posts, inline queries,
// membership changes): there is nothing for the router to do with them.
func toUpdate(u tgbotapi.Update, botName string) (chatmsg.Update, bool) {
	var out chatmsg.Update
	// A message without a chat cannot come from Telegram, but a forged or
	// broken payload must not crash the poller (found by FuzzDecodeUpdate).
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		out = fromMessage(u.Message, botName)
	case u.EditedMessage != nil && u.EditedMessage.Chat != nil:
		out = fromMessage(u.EditedMessage, botName)
		out.Kind = chatmsg.KindEdited
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		out = fromCallback(u.CallbackQuery)
	default:
		return chatmsg.Update{}, false
	}
	out.Channel = channelName
	out.UpdateID = strconv.Itoa(u.UpdateID)
	return out, true
}

func fromMessage(m *tgbotapi.Message, botName string) chatmsg.Update {
	out := chatmsg.Update{
		ChatID:    strconv.FormatInt(m.Chat.ID, 10),
		MessageID: strconv.Itoa(m.MessageID),
		IsGroup:   m.Chat.Type != "private",
		Kind:      chatmsg.KindMessage,
		Text:      stripBotName(m.Text, botName),
	}
	setSender(&out, m.From)
	// Stickers, photos, voice notes, documents and locations carry no text
	// (a photo's caption is not an answer either): the router says politely
	// that it only understands text.
	if m.Text == "" {
		out.Kind, out.Text = chatmsg.KindOther, ""
	}
	return out
}

func fromCallback(q *tgbotapi.CallbackQuery) chatmsg.Update {
	out := chatmsg.Update{
		ChatID:     strconv.FormatInt(q.Message.Chat.ID, 10),
		MessageID:  strconv.Itoa(q.Message.MessageID),
		IsGroup:    q.Message.Chat.Type != "private",
		Kind:       chatmsg.KindCallback,
		Text:       q.Data,
		CallbackID: q.ID,
	}
	setSender(&out, q.From)
	return out
}

func setSender(out *chatmsg.Update, from *tgbotapi.User) {
	if from == nil {
		return
	}
	out.UserID = strconv.FormatInt(from.ID, 10)
	out.UserName = strings.TrimSpace(from.FirstName + " " + from.LastName)
	out.LangCode = from.LanguageCode
}

// stripBotName turns "/report@treem_bot 2025" into "/report 2025", the way
// Telegram clients address a command to one bot in a group. A command for
// another bot keeps its suffix, so the router does not mistake it for ours.
func stripBotName(text, botName string) string {
	if !strings.HasPrefix(text, "/") {
		return text
	}
	end := strings.IndexAny(text, " \n\t")
	if end < 0 {
		end = len(text)
	}
	cmd := text[:end]
	at := strings.IndexByte(cmd, '@')
	if at < 0 {
		return text
	}
	if botName != "" && !strings.EqualFold(cmd[at+1:], botName) {
		return text
	}
	return cmd[:at] + text[end:]
}

// blockedChat reports the private chat whose user just blocked the bot (a
// my_chat_member update whose new status is "kicked"), so the identity can
// be marked inactive before a send fails.
func blockedChat(u tgbotapi.Update) (string, bool) {
	m := u.MyChatMember
	if m == nil || m.Chat.Type != "private" || m.NewChatMember.Status != "kicked" {
		return "", false
	}
	return strconv.FormatInt(m.Chat.ID, 10), true
}
