// Package zalo is treembot's Zalo adapter. It speaks both of Zalo's APIs
// over net/http, each as its own channel behind the same router:
//
//   - The Zalo Bot API (channel "zalo"), Telegram-like: getMe, getUpdates
//     long polling or a webhook checked with X-Bot-Api-Secret-Token, and
//     sendMessage (at most 2,000 characters: longer texts are split). It has
//     no buttons, so choices are shown as numbered options and a typed
//     number or label stands for the button, as in the terminal.
//   - The Zalo Official Account Open API (channel "zalo_oa"): webhook events
//     signed with X-ZEvent-Signature, customer-service messages with up to
//     five buttons, OAuth tokens refreshed before they expire, and the reply
//     window (48 h after the person's last message, tap or follow by
//     default, at most Zalo's 7 days) outside which only proactive
//     messages, when configured and within the monthly quota, may be sent;
//     otherwise, or when Zalo refuses, Send fails with ErrOutsideWindow so
//     the reminders report the person as not reachable by Zalo.
//
// # Accept first, handle from the spool
//
// A webhook request (either API) is answered 200 as soon as its raw event
// is in the spool (the session store: Redis in production), well within
// the 2 s Zalo waits; 500 only when it cannot be stored. The event is then
// handled from the spool, retried until saved, in its chat's order, and
// removed; an instance that stops first leaves it to the next sweep by
// any instance (see spool.go). Zalo gives no update counter, so
// chatmsg.Update.UpdateID is the event name and the message id
// ("message.text.received:<message_id>", "user_send_text:<msg_id>"),
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
// through Deps.OnGone, at most maxGonePerMinute people a minute per API;
// past that, or on a 403 that names nobody, nobody is marked and the
// admins are alerted (Deps.OnAlert). Writing to the bot again marks them
// reachable (the router's identity touch).
//
// Like every adapter it may import bot/chatmsg, bot/channel and locales,
// never the router; the session-store methods it uses are its own
// interface (internal/layout checks the imports).
package zalo
