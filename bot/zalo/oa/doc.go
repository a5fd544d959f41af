// Package oa is the Zalo Official Account Open API channel ("zalo_oa"):
// webhook events signed with X-ZEvent-Signature (events.go),
// customer-service messages with up to five buttons (send.go), photos and
// documents uploaded once and reused (uploads.go), OAuth tokens refreshed
// before they expire, one refresh across instances (tokens.go), a joining
// person's display name (profile.go), and the reply window: 48 h after
// the person's last message, tap or follow by default, at most Zalo's 7
// days (window.go). Outside it only proactive messages, when configured
// and within the monthly quota, may be sent; otherwise, or when Zalo
// refuses, Send fails with ErrOutsideWindow so the reminders report the
// person as not reachable by Zalo. Zalo's own answers are classified in
// client.go.
//
// It may import bot/chatmsg, bot/channel, locales and
// bot/zalo/internal/core; bot/zalo builds it from the shared configuration.
package oa
