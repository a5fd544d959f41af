package core

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"treembot/bot/chatmsg"
)

// buttonsTTL bounds how long a chat's last buttons are remembered; an
// answer typed weeks later is an answer, not a button press.
const buttonsTTL = 7 * 24 * time.Hour

// maxRemembered caps the messages whose buttons are remembered per chat.
const maxRemembered = 5

// buttonMemory keeps, per chat, the buttons of the last replies in the
// session store (shared by instances), so that a typed number or label can
// be read as a press, as the terminal does.
type buttonMemory struct {
	sess    SessionStore
	missing error // what sess.Get returns for a missing key
	channel string
}

// shown is what is kept of a message: its buttons and how they were shown.
type shown struct {
	Buttons  [][]chatmsg.Button `json:"b"`
	Numbered bool               `json:"n,omitempty"`
}

func (m *buttonMemory) key(chat string) string { return "zalo:buttons:" + m.channel + ":" + chat }

// remember stores the buttons of msgs: replacing what was shown before
// when they answer an update, adding to it when sent on their own.
func (m *buttonMemory) remember(ctx context.Context, chat string, msgs []chatmsg.Message, replace bool, log *slog.Logger) {
	var kept []shown
	if !replace {
		kept = toShown(m.recall(ctx, chat, log))
	}
	added := false
	for _, msg := range msgs {
		if len(msg.Buttons) > 0 {
			kept, added = append(kept, shown{Buttons: msg.Buttons, Numbered: msg.NumberedButtons}), true
		}
	}
	if !replace && !added {
		return
	}
	if len(kept) > maxRemembered {
		kept = kept[len(kept)-maxRemembered:]
	}
	var err error
	if len(kept) == 0 {
		err = m.sess.Delete(ctx, m.key(chat))
	} else {
		raw, _ := json.Marshal(kept) // plain strings and bools cannot fail
		err = m.sess.Set(ctx, m.key(chat), raw, buttonsTTL)
	}
	if err != nil {
		// Only typed shortcuts suffer: buttons still work by their label.
		log.Warn("zalo: buttons not remembered", "err", err)
	}
}

// recall returns the messages whose buttons a typed answer may name.
func (m *buttonMemory) recall(ctx context.Context, chat string, log *slog.Logger) []chatmsg.Message {
	raw, err := m.sess.Get(ctx, m.key(chat))
	if err != nil {
		if !errors.Is(err, m.missing) {
			log.Warn("zalo: buttons not recalled", "err", err)
		}
		return nil
	}
	var kept []shown
	if json.Unmarshal(raw, &kept) != nil {
		return nil
	}
	out := make([]chatmsg.Message, len(kept))
	for i, s := range kept {
		out[i] = chatmsg.Message{Buttons: s.Buttons, NumberedButtons: s.Numbered}
	}
	return out
}

func toShown(msgs []chatmsg.Message) []shown {
	out := make([]shown, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, shown{Buttons: m.Buttons, Numbered: m.NumberedButtons})
	}
	return out
}
