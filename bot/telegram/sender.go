package telegram

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
)

// maxCallbackData is Telegram's limit on an inline button's callback_data.
const maxCallbackData = 64

// part is one Bot API call of an outbound message.
type part struct {
	op string // Bot API method, for errors and logs
	c  tgbotapi.Chattable
}

// Send delivers msg: its text as HTML-escaped messages of at most 4,096
// units each, then its photo, then its document; the buttons go under the
// last of them. Every failure is a *chatmsg.SendError. A message cut into
// several parts may fail after the first parts were delivered.
func (a *Adapter) Send(ctx context.Context, msg chatmsg.Message) error {
	return a.sendFrom(ctx, msg, 0, true)
}

// sendFrom delivers msg's parts from the first-th on. When the group
// became a supergroup the rest goes to its new id, once (mayMove): a
// second move of the same message would be a loop.
func (a *Adapter) sendFrom(ctx context.Context, msg chatmsg.Message, first int, mayMove bool) error {
	chatID, err := strconv.ParseInt(msg.ChatID, 10, 64)
	if err != nil {
		return &chatmsg.SendError{Op: "send", Err: fmt.Errorf("chat id %q: %w", msg.ChatID, err)}
	}
	parts, err := render(chatID, msg)
	if err != nil {
		return &chatmsg.SendError{Op: "send", Err: err}
	}
	for i := first; i < len(parts); i++ {
		err := a.deliver(ctx, msg.ChatID, parts[i])
		if to, ok := migratedTo(err); ok && mayMove {
			a.moved(ctx, msg.ChatID, to)
			msg.ChatID = to
			return a.sendFrom(ctx, msg, i, false)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Sender returns the adapter's outbound side, for the router and the
// reminder outbox.
func (a *Adapter) Sender() chatmsg.Sender { return a }

// render builds the Bot API calls for msg. The router gives plain text, so
// every piece is escaped here and nothing it says can become markup.
func render(chatID int64, msg chatmsg.Message) ([]part, error) {
	markup, err := keyboard(msg.Buttons)
	if err != nil {
		return nil, err
	}
	limit := maxTextUnits
	if msg.Pre {
		limit -= preOverhead
	}
	var parts []part
	for _, piece := range splitText(msg.Text, limit) {
		text := html.EscapeString(piece)
		if msg.Pre {
			text = "<pre>" + text + "</pre>"
		}
		m := tgbotapi.NewMessage(chatID, text)
		m.ParseMode = tgbotapi.ModeHTML
		m.DisableWebPagePreview = true
		parts = append(parts, part{op: "sendMessage", c: m})
	}
	if f := msg.Photo; f != nil {
		parts = append(parts, part{op: "sendPhoto", c: tgbotapi.NewPhoto(chatID, fileBytes(f, "photo.png"))})
	}
	if f := msg.Document; f != nil {
		parts = append(parts, part{op: "sendDocument", c: tgbotapi.NewDocument(chatID, fileBytes(f, "document"))})
	}
	if len(parts) == 0 {
		return nil, errors.New("empty message: no text, photo or document")
	}
	if markup != nil {
		last := &parts[len(parts)-1]
		last.c = withMarkup(last.c, *markup)
	}
	return parts, nil
}

// withMarkup puts the keyboard under c (one of the parts render builds).
func withMarkup(c tgbotapi.Chattable, markup tgbotapi.InlineKeyboardMarkup) tgbotapi.Chattable {
	switch c := c.(type) {
	case tgbotapi.MessageConfig:
		c.ReplyMarkup = markup
		return c
	case tgbotapi.PhotoConfig:
		c.ReplyMarkup = markup
		return c
	case tgbotapi.DocumentConfig:
		c.ReplyMarkup = markup
		return c
	}
	return c
}

func fileBytes(f *chatmsg.File, fallback string) tgbotapi.FileBytes {
	name := f.Name
	if name == "" {
		name = fallback
	}
	return tgbotapi.FileBytes{Name: name, Bytes: f.Bytes}
}

// keyboard builds the inline keyboard. Data longer than Telegram allows is
// refused rather than cut, since a cut value would answer something else.
func keyboard(rows [][]chatmsg.Button) (*tgbotapi.InlineKeyboardMarkup, error) {
	var kb [][]tgbotapi.InlineKeyboardButton
	for i, row := range rows {
		var r []tgbotapi.InlineKeyboardButton
		for j, b := range row {
			if n := len(b.Data); n == 0 || n > maxCallbackData {
				return nil, fmt.Errorf("button %d.%d: callback data is %d bytes, Telegram allows 1-%d", i+1, j+1, n, maxCallbackData)
			}
			r = append(r, tgbotapi.NewInlineKeyboardButtonData(b.Label, b.Data))
		}
		if len(r) > 0 {
			kb = append(kb, r)
		}
	}
	if len(kb) == 0 {
		return nil, nil
	}
	markup := tgbotapi.NewInlineKeyboardMarkup(kb...)
	return &markup, nil
}

// deliver makes one call, paced, and retries it while that makes sense:
// after retry_after on 429, with back-off on 5xx and network errors.
func (a *Adapter) deliver(ctx context.Context, chat string, p part) error {
	policy := channel.Retry{Base: a.cfg.RetryBase, MaxRetries: a.cfg.MaxRetries}
	err := policy.Send(ctx, a.pace, chat, p.op, func(ctx context.Context) *chatmsg.SendError {
		resp, err := a.request(ctx, p.c, requestTimeout)
		if err == nil {
			return nil
		}
		return a.classify(p.op, resp, err)
	}, func(se *chatmsg.SendError, attempt int, wait time.Duration) {
		a.log.Warn("telegram: send failed, will retry", "op", p.op, "chat_id", chat,
			"status", se.Status, "attempt", attempt+1, "wait", wait, "err", se.Err)
	})
	if chatmsg.IsRecipientGone(err) {
		a.gone(ctx, chat)
	}
	return err
}

// gone reports a chat that can no longer be reached (the user blocked the
// bot or deleted the account) so its identity is marked inactive.
func (a *Adapter) gone(ctx context.Context, chatID string) {
	a.log.Info("telegram: chat unreachable, marking it gone", "chat_id", chatID)
	if a.onGone != nil {
		a.onGone(context.WithoutCancel(ctx), chatID)
	}
}
