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
//     window (about 48 h after the person's last message) outside which only
//     proactive messages, when configured and within the monthly quota, may
//     be sent; otherwise Send fails with ErrOutsideWindow so the reminders
//     report the person as not reachable by Zalo.
//
// # Acknowledge only after save
//
// A webhook request (either API) is answered 200 only after the router's
// Handle returned nil for its update, which by the chatmsg.Handler contract
// means its effects are in the database; otherwise 500, so Zalo sends it
// again. Replies are sent after the answer, in the chat's order. Zalo gives
// no update counter, so chatmsg.Update.UpdateID is the event name and the
// message id ("user_send_text:6fa2..."), which the router deduplicates in
// the session store with a TTL: a redelivered event is handled once.
//
// Long polling has no acknowledgement at all: getUpdates hands an update
// over once. The adapter retries a failing Handle with capped back-off, in
// its chat's order, for as long as it runs; an update still failing at
// shutdown is logged at error level, since Zalo will not send it again.
// Webhook mode is therefore the one to use in production.
package zalo
