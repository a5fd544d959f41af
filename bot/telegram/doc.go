// Package telegram is treembot's Telegram adapter: it turns Bot API updates
// into chatmsg.Update values for the router, and chatmsg.Message values into Bot API
// calls, paced under Telegram's limits and retried when that makes sense.
//
// # Acknowledge only after save
//
// Telegram forgets an update once it is acknowledged: in long polling, by a
// later getUpdates whose offset is past the update's id; in webhook mode, by
// a 2xx answer to the POST that carried it. The adapter therefore gives that
// acknowledgement only after chatmsg.Handler.Handle returned nil for the update,
// which by the Handler contract means its effects are in the database.
//
//   - Polling: the offset sent to getUpdates never passes an update whose
//     Handle has not yet succeeded; a failing update is retried with capped
//     back-off (in its chat's order) for as long as the adapter runs, never
//     skipped. A restart before success makes Telegram deliver it again.
//   - Webhook: the handler answers 2xx only after Handle returned nil and
//     500 otherwise, so Telegram retries the POST. With a Pending store the
//     2xx goes out as soon as the replies are saved there too, before they
//     are sent: a process that dies in between leaves them for the next
//     one, which sends them when it starts (or its sweep, within minutes).
//
// Either way an update may arrive twice (after a crash between save and
// acknowledgement, or a webhook retry); the router deduplicates by
// Update.UpdateID, so a duplicate is harmless while a lost update would not be.
//
// Updates of one chat are handled one at a time in arrival order; different
// chats are handled in parallel by a bounded number of workers. Replies are
// sent before the chat's next update is handled, so they stay in order too.
//
// Like every adapter it may import bot/chatmsg, bot/channel and locales,
// never the router.
//
// # Pacing
//
// Replies are the interactive lane (channel.Interactive): a chat's burst
// lets an answer's reply go out at once, and they go ahead of reminders
// and digests, which keep the steady pace (see channel.Bucket).
package telegram
