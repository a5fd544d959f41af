package chatmsg

import (
	"context"
	"time"
)

// UpdateKind says what arrived.
type UpdateKind string

// Kinds of update the router understands.
const (
	KindMessage  UpdateKind = "message"  // text (commands included)
	KindCallback UpdateKind = "callback" // an inline button was pressed
	KindEdited   UpdateKind = "edited"   // an earlier message was edited: ignored politely
	KindOther    UpdateKind = "other"    // sticker, photo, voice...: not understood
)

// Update is one inbound event, already decoded by its channel adapter.
type Update struct {
	Channel  string // "terminal", "telegram", "zalo"
	UpdateID string // unique per channel; used for dedup ("" = no dedup)
	ChatID   string // where replies go
	UserID   string // the sender's id on that channel
	UserName string // display name, for a new user's record
	LangCode string // client language ("vi", "en-US"), a hint only
	Kind     UpdateKind
	Text     string // message text; for a callback, the button's data
	// CallbackID must be answered by the adapter; MessageID is the message
	// that carried the pressed keyboard, so the adapter can remove it.
	CallbackID string
	MessageID  string
	// IsGroup is true for group chats, where forms are not filled in.
	IsGroup bool
}

// Button is one choice offered under a message.
type Button struct {
	Label string
	Data  string // what comes back as Update.Text when pressed
}

// File is a document or photo to send.
type File struct {
	Name  string
	Bytes []byte
}

// Message is one outbound message. Text is plain text: each adapter
// escapes it for its own markup.
type Message struct {
	ChatID  string
	Text    string
	Buttons [][]Button // rows of buttons; nil = none
	// Pre marks text that must be shown in a monospace block (tables).
	Pre bool
	// NumberedButtons says a typed number N may stand for the Nth button
	// (channels without buttons, like the terminal or Zalo's plain text).
	// It is false when the question itself expects a number.
	NumberedButtons bool
	Document        *File
	Photo           *File
}

// Sender delivers messages on one channel. Send errors should implement
// Retryable (see errors.go) so callers know whether to try again.
type Sender interface {
	Send(ctx context.Context, msg Message) error
}

// Handler is what a channel adapter calls for each inbound update. A nil
// error means the update's effects are saved and it may be acknowledged;
// replies are then delivered by the adapter.
type Handler interface {
	Handle(ctx context.Context, upd Update) ([]Message, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, upd Update) ([]Message, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, upd Update) ([]Message, error) {
	return f(ctx, upd)
}

// MenuCommand is one entry of a channel's command menu (Telegram's
// setMyCommands), described in each language.
type MenuCommand struct {
	Name        string            // without the slash: "report"
	Description map[string]string // "vi" and "en"
	// Roles that see it in their menu; empty = everyone, including people
	// who have not joined yet.
	Roles []string
}

// UpcomingReminder is one planned occurrence of a reminder rule, as the
// reminders service reports it to the router's /reminders.
type UpcomingReminder struct {
	At         time.Time // when it goes out
	Rule       string    // rule code: due_7, overdue_1 ...
	Kind       string    // due, fix, overdue or digest
	DaysBefore int       // for due reminders, days before the deadline (0: that day)
	Period     string    // period code
	Recipients int
}

// NudgeResult says what the router's /remind queued.
type NudgeResult struct {
	Unit       string    // the unit's name
	Periods    []string  // the open periods it owes
	Recipients int       // its reporters who can be reached
	Queued     int       // new messages; 0 with Recipients > 0: queued a moment ago
	At         time.Time // when they go out (the next sending hours)
}
