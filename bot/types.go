package bot

import (
	"time"

	"treembot/bot/chatmsg"
)

// The channel types live in chatmsg, which the adapters import instead of
// the router; these aliases let the router's own code name them briefly.
type (
	UpdateKind       = chatmsg.UpdateKind
	Update           = chatmsg.Update
	Button           = chatmsg.Button
	File             = chatmsg.File
	Message          = chatmsg.Message
	Sender           = chatmsg.Sender
	Handler          = chatmsg.Handler
	HandlerFunc      = chatmsg.HandlerFunc
	MenuCommand      = chatmsg.MenuCommand
	SendError        = chatmsg.SendError
	UpcomingReminder = chatmsg.UpcomingReminder
	NudgeResult      = chatmsg.NudgeResult
)

// Kinds of update, as chatmsg names them.
const (
	KindMessage  = chatmsg.KindMessage
	KindCallback = chatmsg.KindCallback
	KindEdited   = chatmsg.KindEdited
	KindOther    = chatmsg.KindOther
)

// IsRecipientGone is chatmsg.IsRecipientGone.
var IsRecipientGone = chatmsg.IsRecipientGone

// Clock gives the current time; tests pin it.
type Clock func() time.Time
