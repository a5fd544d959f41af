package oa

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/core"
)

// Limits of OA buttons and proactive messages.
const (
	maxOAButtons      = 5
	maxButtonTitle    = 100
	maxTransactionBtn = 4
	maxTransactionTtl = 35 // etelecom's guide
	maxButtonPayload  = 1000
	maxProactiveText  = 1000
	maxProactiveParts = 8
)

// deliverMessage sends msg as customer-service messages inside the reply
// window, or as a proactive message outside it when that is allowed.
func (o *API) deliverMessage(ctx context.Context, msg chatmsg.Message) error {
	user := strings.TrimSpace(msg.ChatID)
	if user == "" {
		return &chatmsg.SendError{Op: "zalo_oa send", Err: errors.New("empty chat id")}
	}
	inside, _, err := o.window.inside(ctx, user)
	if err != nil {
		// Unknown: try, and let Zalo say no (mapped to ErrOutsideWindow).
		o.Log.Warn("zalo: reply window unknown, sending as a reply", "err", err)
		inside = true
	}
	if !inside {
		return o.proactive(ctx, msg)
	}
	bodies := o.csBodies(ctx, msg)
	if len(bodies) == 0 {
		return &chatmsg.SendError{Op: "zalo_oa send", Err: errors.New("empty message: no text, photo or document")}
	}
	for _, body := range bodies {
		if err := o.post(ctx, user, "/v3.0/oa/message/cs", body); err != nil {
			return err
		}
	}
	return nil
}

// post sends one message body, paced and retried.
func (o *API) post(ctx context.Context, user, path string, body any) error {
	return o.Retrying(ctx, user, func(ctx context.Context) *chatmsg.SendError {
		return o.call(ctx, "zalo_oa "+path, o.jsonRequest(path, body), nil)
	})
}

// message is an OA message body.
type message map[string]any

func recipient(user string, msg message) message {
	return message{"recipient": map[string]string{"user_id": user}, "message": msg}
}

// csBodies renders msg: text pieces of at most MaxText characters, the
// buttons under the last one (drawn when the OA can, listed otherwise),
// then the photo and the document when they can be uploaded.
func (o *API) csBodies(ctx context.Context, msg chatmsg.Message) []message {
	buttons, drawn := oaButtons(msg.Buttons, maxOAButtons, maxButtonTitle)
	text := msg.Text
	if !drawn {
		text += channel.ButtonLines(msg)
	}
	var files []message
	for _, f := range []*chatmsg.File{msg.Photo, msg.Document} {
		if f == nil {
			continue
		}
		if body, ok := o.upload(ctx, msg.ChatID, f, f == msg.Photo); ok {
			files = append(files, body)
		} else {
			text += "\n\n" + o.T("zalo_file_unsupported", map[string]any{"Name": core.FileName(f)})
		}
	}
	var out []message
	pieces := channel.SplitText(strings.TrimLeft(text, "\n"), core.MaxText, channel.UTF16Len)
	for i, piece := range pieces {
		m := message{"text": piece}
		if i == len(pieces)-1 && drawn {
			m["attachment"] = map[string]any{"type": "template", "payload": map[string]any{"buttons": buttons}}
		}
		out = append(out, recipient(msg.ChatID, m))
	}
	return append(out, files...)
}

// oaButtons draws rows of buttons as OA query buttons, whose payload comes
// back as the person's text; ok is false when the OA cannot show them all.
func oaButtons(rows [][]chatmsg.Button, limit, titleLimit int) (out []map[string]string, ok bool) {
	for _, row := range rows {
		for _, b := range row {
			if utf8.RuneCountInString(b.Label) > titleLimit || len(buttonPrefix+b.Data) > maxButtonPayload || b.Data == "" {
				return nil, false
			}
			out = append(out, map[string]string{"title": b.Label, "type": "oa.query.hide", "payload": buttonPrefix + b.Data})
		}
	}
	return out, len(out) > 0 && len(out) <= limit
}

// proactive sends msg outside the reply window as a transaction message,
// when configured and within this month's quota; otherwise it fails with
// ErrOutsideWindow, which is not worth retrying.
func (o *API) proactive(ctx context.Context, msg chatmsg.Message) error {
	refuse := &chatmsg.SendError{Op: "zalo_oa send", Err: ErrOutsideWindow}
	if !o.Cfg.OAProactive {
		return refuse
	}
	ok, err := o.quota.take(ctx)
	if err != nil {
		return &chatmsg.SendError{Op: "zalo_oa send", Retry: true, Err: err}
	}
	if !ok {
		o.Log.Warn("zalo: proactive quota used up for this month")
		return refuse
	}
	err = o.post(ctx, msg.ChatID, "/v3.0/oa/message/transaction", o.transactionBody(msg))
	return proactiveRefused(err, o.Log)
}

// proactiveRefused makes Zalo's final refusal of a proactive message (the
// endpoint retired, the template refused...) an ErrOutsideWindow: the
// person is not reachable by Zalo, and the officer's digest names them.
func proactiveRefused(err error, log *slog.Logger) error {
	var se *chatmsg.SendError
	if err == nil || !errors.As(err, &se) || se.Retryable() || se.Gone || errors.Is(err, ErrOutsideWindow) {
		return err
	}
	log.Warn("zalo: proactive message refused; the person is not reachable by Zalo", "status", se.Status, "err", se.Err)
	out := *se
	out.Err = fmt.Errorf("%w (%v)", ErrOutsideWindow, se.Err)
	return &out
}

// transactionBody is msg as a transaction template: a title, the text in
// paragraphs, and its buttons when the template can hold them.
func (o *API) transactionBody(msg chatmsg.Message) message {
	buttons, drawn := oaButtons(msg.Buttons, maxTransactionBtn, maxTransactionTtl)
	text := msg.Text
	if !drawn {
		text += channel.ButtonLines(msg)
	}
	elements := []any{map[string]string{"type": "header", "align": "left", "content": o.T("zalo_proactive_title")}}
	pieces := channel.SplitText(text, maxProactiveText, channel.UTF16Len)
	for i, piece := range pieces {
		if i == maxProactiveParts {
			break
		}
		elements = append(elements, map[string]string{"type": "text", "align": "left",
			"content": strings.ReplaceAll(piece, "\n", "<br>")})
	}
	payload := map[string]any{"template_type": "transaction_event", "language": "VI", "elements": elements}
	if drawn {
		payload["buttons"] = buttons
	}
	return recipient(msg.ChatID, message{"attachment": map[string]any{"type": "template", "payload": payload}})
}
