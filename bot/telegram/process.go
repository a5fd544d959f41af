package telegram

import (
	"context"
	"html"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/locales"
)

// finishTimeout bounds the handling of one update and the sending of its
// replies once started: shutdown lets in-flight updates finish, not hang.
const finishTimeout = 2 * time.Minute

// process handles one update and returns nil once its effects are saved
// (Handler.Handle returned nil) and its replies sent. saved, when not nil,
// is called as soon as the update may be acknowledged: its effects saved
// and, in webhook mode with a Pending store, its replies saved too, so
// that they are sent even if this process dies before sending them. With
// retry (polling) a failing Handle is retried with capped back-off until
// it succeeds or ctx ends; without it (webhook) the error is returned and
// Telegram's own retry brings the update back.
func (a *Adapter) process(ctx context.Context, raw tgbotapi.Update, retry bool, saved func()) error {
	var once sync.Once
	ack := saved
	saved = func() {
		if ack != nil {
			once.Do(ack)
		}
	}
	if chat, ok := blockedChat(raw); ok {
		a.gone(ctx, chat)
	}
	if from, to, ok := inboundMigration(raw); ok {
		a.moved(ctx, from, to)
		saved()
		return nil
	}
	upd, ok := toUpdate(raw, a.botName)
	if !ok {
		if q := raw.CallbackQuery; q != nil {
			a.answerCallback(ctx, q.ID, "")
		}
		saved()
		return nil
	}
	answered := false
	replies, err := a.handle(ctx, upd, retry, func() {
		// The spinner on the pressed button must stop even though the
		// answer is not saved yet; the busy notice says to try again.
		if upd.Kind == chatmsg.KindCallback && !answered {
			a.answerCallback(ctx, upd.CallbackID, a.catalog.T(locales.NormaliseLang(upd.LangCode, locales.VI), "telegram_callback_busy"))
			answered = true
		}
	})
	if err != nil {
		return err
	}
	if !retry && a.pending != nil && len(replies) > 0 {
		if id, ok := a.keep(ctx, upd.ChatID, replies); ok {
			defer a.forget(context.WithoutCancel(ctx), id)
			saved()
		}
	}
	defer saved() // replies not kept: acknowledged once they are sent
	// Replies go out even if shutdown began meanwhile: the effects are
	// saved, and the person should see the answer to what they did. They
	// are the interactive lane: they may use the chat's burst and go ahead
	// of reminders.
	out, cancel := context.WithTimeout(channel.WithLane(context.WithoutCancel(ctx), channel.Interactive), finishTimeout)
	defer cancel()
	if upd.Kind == chatmsg.KindCallback {
		// The spinner stops while the replies are on their way.
		if !answered {
			stopped := make(chan struct{})
			go func() { defer close(stopped); a.answerCallback(out, upd.CallbackID, "") }()
			defer func() { <-stopped }()
		}
		a.recordAnswer(out, raw.CallbackQuery)
	}
	for _, m := range replies {
		if err := a.Send(out, m); err != nil {
			a.log.Error("telegram: reply not delivered", "update_id", upd.UpdateID, "chat_id", m.ChatID, "err", err)
		}
	}
	return nil
}

// handle calls the Handler, retrying while retry is set and ctx lives.
// onFail runs after each failed attempt.
func (a *Adapter) handle(ctx context.Context, upd chatmsg.Update, retry bool, onFail func()) ([]chatmsg.Message, error) {
	policy := channel.Retry{Base: a.cfg.RetryBase}
	return policy.HandleUntilSaved(ctx, a.handler, upd, retry, finishTimeout, func(attempt int, err error) {
		onFail()
		a.log.Warn("telegram: update not handled", "update_id", upd.UpdateID, "chat_id", upd.ChatID,
			"attempt", attempt+1, "retry", retry, "err", err)
	})
}

// answerCallback stops the button's spinner. Failures are only logged: a
// query answered twice (after a retry) or too old is refused by Telegram,
// and neither is worth more than a line.
func (a *Adapter) answerCallback(ctx context.Context, id, text string) {
	resp, err := a.request(ctx, tgbotapi.NewCallback(id, text), requestTimeout)
	if err != nil {
		se := a.classify("answerCallbackQuery", resp, err)
		a.log.Debug("telegram: callback not answered", "status", se.Status, "err", se.Err)
	}
}

// recordAnswer edits the message whose button was pressed: its keyboard
// goes, so an old button cannot answer a newer question, and in the same
// call the chosen label is written under the question, so the chat keeps
// what was answered. A message whose text has formatting, or that would
// grow too long, only loses its keyboard.
func (a *Adapter) recordAnswer(ctx context.Context, q *tgbotapi.CallbackQuery) {
	m := q.Message
	empty := tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
	var c tgbotapi.Chattable = tgbotapi.NewEditMessageReplyMarkup(m.Chat.ID, m.MessageID, empty)
	op := "editMessageReplyMarkup"
	if label := pressedLabel(m, q.Data); label != "" && m.Text != "" && len(m.Entities) == 0 {
		text := html.EscapeString(m.Text + "\n\n" + answeredMark + label)
		if channel.UTF16Len(text) <= maxTextUnits {
			edit := tgbotapi.NewEditMessageText(m.Chat.ID, m.MessageID, text)
			edit.ParseMode, edit.DisableWebPagePreview, edit.ReplyMarkup = tgbotapi.ModeHTML, true, &empty
			c, op = edit, "editMessageText"
		}
	}
	if resp, err := a.request(ctx, c, requestTimeout); err != nil {
		// "message is not modified" means it was already done.
		se := a.classify(op, resp, err)
		a.log.Debug("telegram: answer not recorded on the question", "chat_id", m.Chat.ID, "status", se.Status, "err", se.Err)
	}
}

// answeredMark starts the line that records a pressed button's label.
const answeredMark = "✓ "

// pressedLabel is the label of the button carrying data under m, "" when
// the message came without its keyboard.
func pressedLabel(m *tgbotapi.Message, data string) string {
	if m.ReplyMarkup == nil {
		return ""
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil && *b.CallbackData == data {
				return b.Text
			}
		}
	}
	return ""
}
