package telegram

import (
	"context"
	"strconv"
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
// (Handler.Handle returned nil), which is when it may be acknowledged.
// With retry (polling) a failing Handle is retried with capped back-off
// until it succeeds or ctx ends; without it (webhook) the error is
// returned and Telegram's own retry brings the update back.
func (a *Adapter) process(ctx context.Context, raw tgbotapi.Update, retry bool) error {
	if chat, ok := blockedChat(raw); ok {
		a.gone(ctx, chat)
	}
	upd, ok := toUpdate(raw, a.botName)
	if !ok {
		if q := raw.CallbackQuery; q != nil {
			a.answerCallback(ctx, q.ID, "")
		}
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
	// Replies go out even if shutdown began meanwhile: the effects are
	// saved, and the person should see the answer to what they did.
	// They are the interactive lane: they may use the chat's burst and go
	// ahead of reminders.
	out, cancel := context.WithTimeout(channel.WithLane(context.WithoutCancel(ctx), channel.Interactive), finishTimeout)
	defer cancel()
	if upd.Kind == chatmsg.KindCallback {
		if !answered {
			a.answerCallback(out, upd.CallbackID, "")
		}
		a.removeKeyboard(out, upd.ChatID, upd.MessageID)
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

// removeKeyboard takes the inline keyboard off the message whose button
// was pressed, so an old button cannot answer a newer question.
func (a *Adapter) removeKeyboard(ctx context.Context, chat, message string) {
	chatID, err1 := strconv.ParseInt(chat, 10, 64)
	msgID, err2 := strconv.Atoi(message)
	if err1 != nil || err2 != nil {
		return
	}
	empty := tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
	resp, err := a.request(ctx, tgbotapi.NewEditMessageReplyMarkup(chatID, msgID, empty), requestTimeout)
	if err != nil {
		// "message is not modified" means it was already removed.
		se := a.classify("editMessageReplyMarkup", resp, err)
		a.log.Debug("telegram: keyboard not removed", "chat_id", chat, "status", se.Status, "err", se.Err)
	}
}
