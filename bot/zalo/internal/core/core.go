package core

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/locales"
)

// FinishTimeout bounds the handling of one update and the sending of its
// replies once started: shutdown lets in-flight updates finish, not hang.
const FinishTimeout = 2 * time.Minute

// MaxResponse bounds what is read of one API answer.
const MaxResponse = 4 << 20

// RequestTimeout bounds one API call other than a long poll.
const RequestTimeout = 30 * time.Second

// Core is what both APIs share: the router, per-chat ordered dispatch,
// pacing, the memory of the buttons last shown in each chat, the webhook
// spool, unreachable people, and logs. Each channel embeds one and sets
// Deliver, Decode and (the OA) Prepare.
type Core struct {
	Name    string // the channel: "zalo" or "zalo_oa"
	Cfg     Config
	Sess    SessionStore
	Missing error // what Sess.Get returns for a missing key
	Clock   func() time.Time
	Log     *slog.Logger
	Disp    *channel.Dispatcher // per-chat ordered handling
	// Deliver sends one message through the API.
	Deliver func(ctx context.Context, msg chatmsg.Message) error
	// Decode reads a spooled webhook body into updates; Prepare completes
	// one before it is handled (the OA looks up a joining person's name).
	Decode  func(raw []byte) []chatmsg.Update
	Prepare func(ctx context.Context, upd chatmsg.Update) chatmsg.Update

	handler  chatmsg.Handler
	catalog  *locales.Catalog
	lang     string
	pace     *channel.Pacer
	buttons  *buttonMemory
	guard    *goneGuard
	onGone   func(ctx context.Context, chatID string)
	onReturn func(ctx context.Context, chatID string)
	// spool keeps accepted webhook events until handled; life ends when
	// the channel stops, and with it the handling of spooled events.
	spool  *spool
	life   context.Context
	stop   context.CancelFunc
	handMu sync.Mutex
	inHand map[string]bool
}

// New is the shared part of the channel name, with deps already checked
// and defaulted (Deps.WithDefaults).
func New(name string, cfg Config, deps Deps) *Core {
	c := &Core{
		Name: name, Cfg: cfg, handler: deps.Handler, Sess: deps.Sessions, Missing: deps.NotFound, Clock: deps.Clock,
		Log: deps.Logger.With("channel", name), catalog: deps.Catalog, lang: deps.Lang,
		Disp:    channel.NewDispatcher(cfg.Workers),
		buttons: &buttonMemory{sess: deps.Sessions, missing: deps.NotFound, channel: name},
		guard: &goneGuard{channel: name, sess: deps.Sessions, clock: deps.Clock, alert: deps.OnAlert,
			lastAlert: map[string]time.Time{}},
		spool:   &spool{sess: deps.Sessions, missing: deps.NotFound, channel: name, clock: deps.Clock},
		inHand:  map[string]bool{},
		Prepare: func(_ context.Context, upd chatmsg.Update) chatmsg.Update { return upd },
	}
	c.life, c.stop = context.WithCancel(context.Background())
	c.pace = channel.NewPacer(channel.PacerConfig{
		Name: name, Rate: cfg.Rate, Budget: deps.Sessions, BudgetKey: name + ":send",
		Clock: deps.Clock, Logger: c.Log,
		ChatLimit: func(string) (int, time.Duration) { return 1, cfg.ChatInterval },
	})
	if deps.OnGone != nil {
		c.onGone = func(ctx context.Context, chatID string) { deps.OnGone(ctx, name, chatID) }
	}
	if deps.OnReturn != nil {
		c.onReturn = func(ctx context.Context, chatID string) { deps.OnReturn(ctx, name, chatID) }
	}
	return c
}

// Process handles one update and, once its effects are saved, calls saved
// (a spooled event is removed there) and sends the replies in the chat's
// order. With retry a failing Handle is retried with capped back-off until
// it succeeds or ctx ends; saved then gets the last error.
func (c *Core) Process(ctx context.Context, upd chatmsg.Update, retry bool, saved func(error)) {
	c.returned(ctx, upd)
	upd = c.pressedButton(ctx, upd)
	replies, err := c.handle(ctx, upd, retry)
	saved(err)
	if err != nil {
		return
	}
	// Replies go out even if shutdown began meanwhile: the effects are
	// saved, and the person should see the answer to what they did.
	out, cancel := context.WithTimeout(context.WithoutCancel(ctx), FinishTimeout)
	defer cancel()
	c.buttons.remember(out, upd.ChatID, replies, true, c.Log)
	for _, m := range replies {
		if err := c.Deliver(out, m); err != nil {
			c.Log.Error("zalo: reply not delivered", "update_id", upd.UpdateID, "err", err)
		}
	}
}

// pressedButton turns a typed number or label that names a button shown
// last in the chat into that button's press.
func (c *Core) pressedButton(ctx context.Context, upd chatmsg.Update) chatmsg.Update {
	if upd.Kind != chatmsg.KindMessage || upd.Text == "" {
		return upd
	}
	if b, ok := channel.MatchButton(c.buttons.recall(ctx, upd.ChatID, c.Log), upd.Text); ok {
		upd.Kind, upd.Text = chatmsg.KindCallback, b.Data
	}
	return upd
}

// handle calls the Handler, retrying while retry is set and ctx lives.
func (c *Core) handle(ctx context.Context, upd chatmsg.Update, retry bool) ([]chatmsg.Message, error) {
	policy := channel.Retry{Base: c.Cfg.RetryBase}
	return policy.HandleUntilSaved(ctx, c.handler, upd, retry, FinishTimeout, func(attempt int, err error) {
		c.Log.Warn("zalo: update not handled", "update_id", upd.UpdateID, "attempt", attempt+1, "retry", retry, "err", err)
	})
}

// Send is the chatmsg.Sender side: a message sent on its own (a reminder) adds
// its buttons to those a typed answer may name.
func (c *Core) Send(ctx context.Context, msg chatmsg.Message) error {
	c.buttons.remember(ctx, msg.ChatID, []chatmsg.Message{msg}, false, c.Log)
	return c.Deliver(ctx, msg)
}

// Retrying runs one API call to chat, paced, and retries it while the
// error says that makes sense; a recipient found gone is reported.
func (c *Core) Retrying(ctx context.Context, chat string, call func(context.Context) *chatmsg.SendError) error {
	policy := channel.Retry{Base: c.Cfg.RetryBase, MaxRetries: c.Cfg.MaxRetries}
	err := policy.Send(ctx, c.pace, chat, c.Name+" send", call, func(se *chatmsg.SendError, attempt int, wait time.Duration) {
		c.Log.Warn("zalo: send failed, will retry", "op", se.Op, "status", se.Status, "attempt", attempt+1, "wait", wait, "err", se.Err)
	})
	err = c.guardGone(ctx, chat, err)
	// Worth trying again, but hours from now: the caller (the reminder
	// outbox) keeps it; this send does not sleep until then.
	var se *chatmsg.SendError
	if errors.Is(err, ErrNotNow) && errors.As(err, &se) {
		se.Retry = true
	}
	return err
}

// ErrNotNow is the cause of a send Zalo refuses for now (at night) and
// will take after the SendError's RetryAfter.
var ErrNotNow = errors.New("zalo does not deliver now")

// goneTTL is how long a chat found gone is remembered, so that its next
// message marks it reachable again.
const goneTTL = 180 * 24 * time.Hour

func (c *Core) goneKey(chatID string) string { return "zalo:gone:" + c.Name + ":" + chatID }

// gone reports a chat that can no longer be reached, and remembers it.
func (c *Core) gone(ctx context.Context, chatID string) {
	c.Log.Info("zalo: chat unreachable, marking it gone")
	ctx = context.WithoutCancel(ctx)
	if c.onGone != nil {
		c.onGone(ctx, chatID)
	}
	if err := c.Sess.Set(ctx, c.goneKey(chatID), []byte("1"), goneTTL); err != nil {
		c.Log.Warn("zalo: unreachable chat not remembered; it is marked reachable on a later message", "err", err)
	}
}

// returned reports a private chat found gone that writes again.
func (c *Core) returned(ctx context.Context, upd chatmsg.Update) {
	if c.onReturn == nil || upd.IsGroup || upd.ChatID == "" {
		return
	}
	if _, err := c.Sess.Get(ctx, c.goneKey(upd.ChatID)); err != nil {
		return // not found, or unknown: the router's touch still comes
	}
	c.Log.Info("zalo: unreachable chat wrote again, marking it reachable")
	c.onReturn(context.WithoutCancel(ctx), upd.ChatID)
	if err := c.Sess.Delete(ctx, c.goneKey(upd.ChatID)); err != nil {
		c.Log.Warn("zalo: returned chat not forgotten", "err", err)
	}
}

// Shutdown stops the handling of spooled events and waits for the
// updates in flight; what is unsaved stays in the spool.
func (c *Core) Shutdown() {
	c.stop()
	c.Disp.Wait()
}

// Alert tells the admins about messageID (a catalogue message of
// locales/messages/zalo.*.yaml), at most once per AlertEvery.
func (c *Core) Alert(ctx context.Context, messageID string) { c.guard.notify(ctx, messageID) }

// Pending counts the webhook events this channel accepted (answered 200)
// but has not handled yet, by any instance.
func (c *Core) Pending(ctx context.Context) (int, error) {
	index, err := c.spool.read(ctx)
	return len(index), err
}

// T renders one of the adapter's own strings.
func (c *Core) T(id string, data ...map[string]any) string {
	return c.catalog.T(c.lang, id, data...)
}
