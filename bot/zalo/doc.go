// Package zalo is treembot's Zalo adapter: the front the wiring
// (internal/cli) uses to build, from one ZALO_* configuration, either or
// both of Zalo's APIs, each its own channel behind the same router:
//
//   - bot/zalo/botapi, the Zalo Bot API (channel "zalo"), Telegram-like:
//     long polling or a webhook, plain text only, choices shown as
//     numbered options;
//   - bot/zalo/oa, the Zalo Official Account Open API (channel
//     "zalo_oa"): signed webhook events, messages with buttons, OAuth
//     tokens, the reply window and proactive messages.
//
// What both share (the configuration and its parsing, per-chat ordered
// handling, pacing and retries, remembered buttons, the webhook spool,
// unreachable people) is in bot/zalo/internal/core.
//
// # Accept first, handle from the spool
//
// A webhook request (either API) is answered 200 as soon as its raw event
// is in the spool (the session store: Redis in production), well within
// the 2 s Zalo waits; 500 only when it cannot be stored. The event is then
// handled from the spool, retried until saved, in its chat's order, and
// removed; an instance that stops first leaves it to the next sweep by
// any instance (see internal/core/spool.go). Zalo gives no update
// counter, so chatmsg.Update.UpdateID is the event name and the message
// id ("message.text.received:<message_id>", "user_send_text:<msg_id>"),
// which the router deduplicates: a redelivered or re-swept event is
// handled once.
//
// Long polling has no acknowledgement at all: getUpdates hands an update
// over once. The adapter retries a failing Handle with capped back-off, in
// its chat's order, for as long as it runs; an update still failing at
// shutdown is logged at error level, since Zalo will not send it again.
// Webhook mode is therefore the one to use in production.
//
// # Unreachable people
//
// A send refused because the person blocked the bot (Bot API 403 whose
// description says so) or is inactive (OA -227) marks them unreachable
// through Deps.OnGone, at most a handful of people a minute per API;
// past that, or on a 403 that names nobody, nobody is marked and the
// admins are alerted (Deps.OnAlert). Writing to the bot again marks them
// reachable (the router's identity touch).
//
// Like every adapter it and its packages may import bot/chatmsg,
// bot/channel and locales, never the router; the front also imports its
// two channels and their core, and the session-store methods they use are
// the adapter's own interface (internal/layout checks the imports).
package zalo
