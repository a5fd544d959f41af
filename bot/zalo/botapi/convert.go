package botapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"golang.org/x/text/unicode/norm"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/core"
)

// botUpdate is one Bot API event, as getUpdates and the webhook give it.
type botUpdate struct {
	EventName string     `json:"event_name"`
	Message   botMessage `json:"message"`
}

type botMessage struct {
	MessageID string `json:"message_id"`
	From      struct {
		ID          string `json:"id"`
		DisplayName string `json:"display_name"`
		Name        string `json:"name"`
		FirstName   string `json:"first_name"`
		IsBot       bool   `json:"is_bot"`
	} `json:"from"`
	Chat struct {
		ID       string `json:"id"`
		ChatType string `json:"chat_type"`
	} `json:"chat"`
	Text     string `json:"text"`
	PhotoURL string `json:"photo_url"`
	Sticker  string `json:"sticker"`
}

// Bot API event names.
const (
	eventBotText = "message.text.received"
)

// decodeBotUpdates reads what getUpdates or the webhook sent: the
// {"ok":true,"result":...} envelope or a bare event, and a result that is
// one event or a list of them. Zalo documents no list, but accepting one
// costs nothing and loses nothing if it comes.
func decodeBotUpdates(raw []byte) ([]botUpdate, error) {
	var env struct {
		OK     *bool           `json:"ok"`
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, err
	}
	body := bytes.TrimSpace(raw)
	if env.OK != nil {
		body = bytes.TrimSpace(env.Result)
	}
	switch {
	case len(body) == 0 || bytes.Equal(body, []byte("null")):
		return nil, nil
	case body[0] == '[':
		var list []botUpdate
		err := json.Unmarshal(body, &list)
		return list, err
	case body[0] == '{':
		var one botUpdate
		if err := json.Unmarshal(body, &one); err != nil {
			return nil, err
		}
		return []botUpdate{one}, nil
	}
	return nil, errors.New("zalo update is neither an object nor a list")
}

// toUpdate turns a Bot API event into the router's form. ok is false for
// events with no chat to answer in, and for a bot's messages (this one's
// or another's): answering them could start two bots talking for ever.
func (u botUpdate) toUpdate() (chatmsg.Update, bool) {
	m := u.Message
	if m.Chat.ID == "" || m.From.ID == "" || u.EventName == "" || m.From.IsBot {
		return chatmsg.Update{}, false
	}
	out := chatmsg.Update{
		Channel: ChannelName, ChatID: m.Chat.ID, UserID: m.From.ID, MessageID: m.MessageID,
		UserName: norm.NFC.String(core.FirstNonEmpty(m.From.DisplayName, m.From.Name, m.From.FirstName)),
		IsGroup:  strings.EqualFold(m.Chat.ChatType, "GROUP"),
		Kind:     chatmsg.KindMessage,
		Text:     norm.NFC.String(m.Text),
	}
	if m.MessageID != "" {
		// No update counter is documented: the event name and message id
		// identify a delivery for the router's dedup.
		out.UpdateID = u.EventName + ":" + m.MessageID
	}
	// Images, stickers and voice notes carry no answer (a caption is not
	// one either): the router says politely that it reads only text.
	if u.EventName != eventBotText || out.Text == "" {
		out.Kind, out.Text = chatmsg.KindOther, ""
	}
	return out, true
}
