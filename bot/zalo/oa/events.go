package oa

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/core"
)

// buttonPrefix starts the payload of every button the adapter draws
// (oa.query.hide): Zalo sends the payload back as the person's text, and
// the prefix tells a press, even of an old button, from typed text.
const buttonPrefix = "#btn:"

// OA event names the adapter reads.
const (
	eventOAText   = "user_send_text"
	eventOAClick  = "user_click_button"
	eventOAFollow = "follow"
	// Messages in an OA group chat (user_send_group_text...): not private
	// messages from their sender, and not answered.
	eventOAGroupPrefix = "user_send_group_"
)

// oaEvent is one OA webhook event. Ids are strings in Zalo's docs; a
// number is read as its digits, so that a schema drift is not refused
// with a 400 and lost after Zalo's retries.
type oaEvent struct {
	AppID     flexString `json:"app_id"`
	EventName string     `json:"event_name"`
	Timestamp flexString `json:"timestamp"`
	Sender    struct {
		ID flexString `json:"id"`
	} `json:"sender"`
	Follower struct {
		ID flexString `json:"id"`
	} `json:"follower"`
	Message struct {
		MsgID string `json:"msg_id"`
		Mid   string `json:"mid"`
		Text  string `json:"text"`
	} `json:"message"`
}

// flexString reads a JSON string or number as its text: Zalo sends
// timestamps as strings in some events and numbers in others.
type flexString string

// UnmarshalJSON accepts "123", 123 and null.
func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexString(n.String())
	return nil
}

// decodeOAEvent reads one webhook body.
func decodeOAEvent(raw []byte) (oaEvent, error) {
	var e oaEvent
	err := json.Unmarshal(raw, &e)
	return e, err
}

// fromPerson reports events a person caused by writing to or tapping in
// their private chat with the OA.
func (e oaEvent) fromPerson() bool {
	if e.Sender.ID == "" || strings.HasPrefix(e.EventName, eventOAGroupPrefix) {
		return false
	}
	return strings.HasPrefix(e.EventName, "user_send_") || e.EventName == eventOAClick
}

// interactor is the person whose reply window the event opens (or keeps
// open): one who wrote or tapped, or who followed the OA, which Zalo
// counts as an interaction; "" for other events.
func (e oaEvent) interactor() string {
	switch {
	case e.fromPerson():
		return string(e.Sender.ID)
	case e.EventName == eventOAFollow:
		return string(e.Follower.ID)
	}
	return ""
}

// at is when the event happened (Zalo sends milliseconds), or false.
func (e oaEvent) at() (time.Time, bool) {
	ms, err := strconv.ParseInt(string(e.Timestamp), 10, 64)
	if err != nil || ms <= 0 {
		return time.Time{}, false
	}
	return time.UnixMilli(ms), true
}

// toUpdate turns an OA event into the router's form. ok is false for
// events that need no answer (follow, seen, delivered...).
func (e oaEvent) toUpdate() (chatmsg.Update, bool) {
	if !e.fromPerson() {
		return chatmsg.Update{}, false
	}
	id := core.FirstNonEmpty(e.Message.MsgID, e.Message.Mid)
	user := string(e.Sender.ID)
	out := chatmsg.Update{Channel: ChannelName, ChatID: user, UserID: user, MessageID: id, Kind: chatmsg.KindMessage}
	if id != "" {
		out.UpdateID = e.EventName + ":" + id
	}
	text := norm.NFC.String(e.Message.Text)
	switch {
	case e.EventName != eventOAText && e.EventName != eventOAClick:
		out.Kind = chatmsg.KindOther // a photo, sticker, voice note, location...
	case strings.HasPrefix(text, buttonPrefix):
		out.Kind, out.Text = chatmsg.KindCallback, strings.TrimPrefix(text, buttonPrefix)
	case e.EventName == eventOAClick:
		out.Kind, out.Text = chatmsg.KindCallback, text
	case strings.TrimSpace(text) == "":
		out.Kind = chatmsg.KindOther
	default:
		out.Text = text
	}
	return out, true
}

// signatureHeader carries the event's MAC.
const signatureHeader = "X-ZEvent-Signature"

// eventMAC is Zalo's signature of an event: the hex SHA-256 of the app
// id, the raw body, the event's timestamp and the OA secret key.
func eventMAC(appID string, body []byte, timestamp, secret string) string {
	h := sha256.New()
	h.Write([]byte(appID))
	h.Write(body)
	h.Write([]byte(timestamp))
	h.Write([]byte(secret))
	return hex.EncodeToString(h.Sum(nil))
}

// validSignature checks the X-ZEvent-Signature value ("mac=<hex>" or the
// bare hex) of body in constant time. The timestamp is the body's own;
// a header copy is used only when the body has none.
func validSignature(appID, secret string, body []byte, header, headerTimestamp string) bool {
	got := strings.TrimSpace(header)
	if k, v, ok := strings.Cut(got, "="); ok && strings.EqualFold(k, "mac") {
		got = v
	}
	if got == "" || secret == "" {
		return false
	}
	var stamp struct {
		Timestamp flexString `json:"timestamp"`
	}
	if json.Unmarshal(body, &stamp) != nil {
		return false
	}
	ts := string(stamp.Timestamp)
	if ts == "" {
		ts = headerTimestamp
	}
	want := eventMAC(appID, body, ts, secret)
	return subtle.ConstantTimeCompare([]byte(strings.ToLower(got)), []byte(want)) == 1
}
