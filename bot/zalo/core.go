package zalo

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

// finishTimeout bounds the handling of one update and the sending of its
// replies once started: shutdown lets in-flight updates finish, not hang.
const finishTimeout = 2 * time.Minute

// requestTimeout bounds one API call other than a long poll.
const requestTimeout = 30 * time.Second

// core is what both APIs share: the router, per-chat ordered dispatch,
// pacing, the memory of the buttons last shown in each chat, and logs.
type core struct {
	channel  string
	cfg      Config
	handler  chatmsg.Handler
	sess     SessionStore
	missing  error // what sess.Get returns for a missing key
	clock    func() time.Time
	log      *slog.Logger
	catalog  *locales.Catalog
	lang     string
	disp     *channel.Dispatcher
	pace     *channel.Pacer
	buttons  *buttonMemory
	guard    *goneGuard
	onGone   func(ctx context.Context, chatID string)
	onReturn func(ctx context.Context, chatID string)
	// deliver sends one message through the API; set by each API.
	deliver func(ctx context.Context, msg chatmsg.Message) error
	// decode reads a spooled webhook body into updates; prepare completes
	// one before it is handled (the OA looks up a joining person's name).
	decode  func(raw []byte) []chatmsg.Update
	prepare func(ctx context.Context, upd chatmsg.Update) chatmsg.Update
	// spool keeps accepted webhook events until handled; life ends when
	// the adapter stops, and with it the handling of spooled events.
	spool  *spool
	life   context.Context
	stop   context.CancelFunc
	handMu sync.Mutex
	inHand map[string]bool
}

func newCore(name string, cfg Config, deps Deps) *core {
	c := &core{
		channel: name, cfg: cfg, handler: deps.Handler, sess: deps.Sessions, missing: deps.NotFound, clock: deps.Clock,
		log: deps.Logger.With("channel", name), catalog: deps.Catalog, lang: deps.Lang,
		disp:    channel.NewDispatcher(cfg.Workers),
		buttons: &buttonMemory{sess: deps.Sessions, missing: deps.NotFound, channel: name},
		guard: &goneGuard{channel: name, sess: deps.Sessions, clock: deps.Clock, alert: deps.OnAlert,
			lastAlert: map[string]time.Time{}},
		spool:   &spool{sess: deps.Sessions, missing: deps.NotFound, channel: name, clock: deps.Clock},
		inHand:  map[string]bool{},
		prepare: func(_ context.Context, upd chatmsg.Update) chatmsg.Update { return upd },
	}
	c.life, c.stop = context.WithCancel(context.Background())
	c.pace = channel.NewPacer(channel.PacerConfig{
		Name: name, Rate: cfg.Rate, Budget: deps.Sessions, BudgetKey: name + ":send",
		Clock: deps.Clock, Logger: c.log,
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

// process handles one update and, once its effects are saved, calls saved
// (a spooled event is removed there) and sends the replies in the chat's
// order. With retry a failing Handle is retried with capped back-off until
// it succeeds or ctx ends; saved then gets the last error.
func (c *core) process(ctx context.Context, upd chatmsg.Update, retry bool, saved func(error)) {
	c.returned(ctx, upd)
	upd = c.pressedButton(ctx, upd)
	replies, err := c.handle(ctx, upd, retry)
	saved(err)
	if err != nil {
		return
	}
	// Replies go out even if shutdown began meanwhile: the effects are
	// saved, and the person should see the answer to what they did.
	out, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	c.buttons.remember(out, upd.ChatID, replies, true, c.log)
	for _, m := range replies {
		if err := c.deliver(out, m); err != nil {
			c.log.Error("zalo: reply not delivered", "update_id", upd.UpdateID, "err", err)
		}
	}
}

// pressedButton turns a typed number or label that names a button shown
// last in the chat into that button's press.
func (c *core) pressedButton(ctx context.Context, upd chatmsg.Update) chatmsg.Update {
	if upd.Kind != chatmsg.KindMessage || upd.Text == "" {
		return upd
	}
	if b, ok := channel.MatchButton(c.buttons.recall(ctx, upd.ChatID, c.log), upd.Text); ok {
		upd.Kind, upd.Text = chatmsg.KindCallback, b.Data
	}
	return upd
}

// handle calls the Handler, retrying while retry is set and ctx lives.
func (c *core) handle(ctx context.Context, upd chatmsg.Update, retry bool) ([]chatmsg.Message, error) {
	policy := channel.Retry{Base: c.cfg.RetryBase}
	return policy.HandleUntilSaved(ctx, c.handler, upd, retry, finishTimeout, func(attempt int, err error) {
		c.log.Warn("zalo: update not handled", "update_id", upd.UpdateID, "attempt", attempt+1, "retry", retry, "err", err)
	})
}

// send is the chatmsg.Sender side: a message sent on its own (a reminder) adds
// its buttons to those a typed answer may name.
func (c *core) send(ctx context.Context, msg chatmsg.Message) error {
	c.buttons.remember(ctx, msg.ChatID, []chatmsg.Message{msg}, false, c.log)
	return c.deliver(ctx, msg)
}

// retrying runs one API call to chat, paced, and retries it while the
// error says that makes sense; a recipient found gone is reported.
func (c *core) retrying(ctx context.Context, chat string, call func(context.Context) *chatmsg.SendError) error {
	policy := channel.Retry{Base: c.cfg.RetryBase, MaxRetries: c.cfg.MaxRetries}
	err := policy.Send(ctx, c.pace, chat, c.channel+" send", call, func(se *chatmsg.SendError, attempt int, wait time.Duration) {
		c.log.Warn("zalo: send failed, will retry", "op", se.Op, "status", se.Status, "attempt", attempt+1, "wait", wait, "err", se.Err)
	})
	err = c.guardGone(ctx, chat, err)
	// Worth trying again, but hours from now: the caller (the reminder
	// outbox) keeps it; this send does not sleep until then.
	var se *chatmsg.SendError
	if errors.Is(err, errNotNow) && errors.As(err, &se) {
		se.Retry = true
	}
	return err
}

// errNotNow is the cause of a send Zalo refuses for now (at night) and
// will take after the SendError's RetryAfter.
var errNotNow = errors.New("zalo does not deliver now")

// goneTTL is how long a chat found gone is remembered, so that its next
// message marks it reachable again.
const goneTTL = 180 * 24 * time.Hour

func (c *core) goneKey(chatID string) string { return "zalo:gone:" + c.channel + ":" + chatID }

// gone reports a chat that can no longer be reached, and remembers it.
func (c *core) gone(ctx context.Context, chatID string) {
	c.log.Info("zalo: chat unreachable, marking it gone")
	ctx = context.WithoutCancel(ctx)
	if c.onGone != nil {
		c.onGone(ctx, chatID)
	}
	if err := c.sess.Set(ctx, c.goneKey(chatID), []byte("1"), goneTTL); err != nil {
		c.log.Warn("zalo: unreachable chat not remembered; it is marked reachable on a later message", "err", err)
	}
}

// returned reports a private chat found gone that writes again.
func (c *core) returned(ctx context.Context, upd chatmsg.Update) {
	if c.onReturn == nil || upd.IsGroup || upd.ChatID == "" {
		return
	}
	if _, err := c.sess.Get(ctx, c.goneKey(upd.ChatID)); err != nil {
		return // not found, or unknown: the router's touch still comes
	}
	c.log.Info("zalo: unreachable chat wrote again, marking it reachable")
	c.onReturn(context.WithoutCancel(ctx), upd.ChatID)
	if err := c.sess.Delete(ctx, c.goneKey(upd.ChatID)); err != nil {
		c.log.Warn("zalo: returned chat not forgotten", "err", err)
	}
}

// shutdown stops the handling of spooled events and waits for the
// updates in flight; what is unsaved stays in the spool.
func (c *core) shutdown() {
	c.stop()
	c.disp.Wait()
}

// t renders one of the adapter's own strings.
func (c *core) t(id string, data ...map[string]any) string {
	return c.catalog.T(c.lang, id, data...)
}
