package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"treembot/storage"
)

// LinkStore is what /link needs from persistence; *storage.Store
// implements it. The router looks for it on its Store (an optional
// interface, like io.WriterTo), so a store without it just cannot link.
type LinkStore interface {
	// CreateLinkCode makes a one-time code for userID valid for ttl.
	CreateLinkCode(ctx context.Context, userID uint, channel string, ttl time.Duration, now time.Time) (string, error)
	// RedeemLinkCode binds the account to the code's user. Errors:
	// storage.ErrLinkUnknown, ErrLinkUsed, ErrLinkExpired,
	// ErrLinkSameChannel, ErrAlreadyJoined.
	RedeemLinkCode(ctx context.Context, code, channel, externalID, chatID string, now time.Time) (*storage.User, error)
}

// linkCodeTTL is how long a link code works: long enough to open the other
// app and type it, short enough that a code seen over a shoulder expires.
const linkCodeTTL = 15 * time.Minute

// cmdLink gives a joined user a one-time code to type on another channel
// (Zalo or Telegram), which binds that account to the same user.
func (r *Router) cmdLink(ctx context.Context, req *request, args string) ([]Message, error) {
	if args != "" {
		// The code is typed on the account to be added, which has not
		// joined; this one has.
		return r.reply(req, "zalo_link_here_already"), nil
	}
	links, ok := r.Store.(LinkStore)
	if !ok {
		return r.reply(req, "zalo_link_unavailable"), nil
	}
	code, err := links.CreateLinkCode(ctx, req.user.ID, req.Channel, linkCodeTTL, req.now)
	if err != nil {
		return nil, fmt.Errorf("create link code: %w", err)
	}
	text := r.t(req, "zalo_link_code", map[string]any{
		"Code": storage.FormatInviteCode(code), "Minutes": int(linkCodeTTL.Minutes())})
	if r.BotLink != nil && req.Channel != "telegram" {
		if link := r.BotLink(code); link != "" {
			text += "\n" + r.t(req, "zalo_link_code_link", map[string]any{"Link": link})
		}
	}
	return []Message{{ChatID: req.ChatID, Text: text}}, nil
}

// isLinkRequest reports whether a stranger's command redeems a link code:
// "/link CODE", or "/start CODE" with a code of a link code's length (what
// a Telegram deep link sends).
func isLinkRequest(name, code string) bool {
	switch name {
	case "link":
		return code != ""
	case "start", "join":
		return len(storage.NormaliseInviteCode(code)) == storage.LinkCodeLen
	}
	return false
}

// redeemLink binds a stranger's account to the user who made a link code
// (handleStranger has already counted the try against the invite
// throttle). done is false when the command is not a link request, or is
// a /start whose code is no link code: it may still be an invite.
func (r *Router) redeemLink(ctx context.Context, req *request, name, code string) (msgs []Message, done bool, err error) {
	if !isLinkRequest(name, code) {
		return nil, false, nil
	}
	links, ok := r.Store.(LinkStore)
	if !ok {
		return r.reply(req, "zalo_link_unavailable"), true, nil
	}
	user, err := links.RedeemLinkCode(ctx, code, req.Channel, req.UserID, req.ChatID, req.now)
	if errors.Is(err, storage.ErrLinkUnknown) && name != "link" {
		return nil, false, nil
	}
	if id, refused := linkRefusal(err); refused {
		return r.reply(req, id, map[string]any{"Channel": channelTitle(req.Channel)}), true, nil
	}
	if err != nil {
		return nil, true, fmt.Errorf("redeem link code: %w", err)
	}
	req.user, req.lang = user, user.Language
	linked := r.t(req, "zalo_link_done", map[string]any{"Name": user.Name, "Channel": channelTitle(req.Channel)})
	return []Message{{ChatID: req.ChatID, Text: linked}, r.helpMessage(req)}, true, nil
}

// linkRefusal names the message for a code that cannot be used.
func linkRefusal(err error) (string, bool) {
	for _, c := range []struct {
		err error
		id  string
	}{
		{storage.ErrLinkUnknown, "zalo_link_unknown"},
		{storage.ErrLinkUsed, "zalo_link_used"},
		{storage.ErrLinkExpired, "zalo_link_expired"},
		{storage.ErrLinkSameChannel, "zalo_link_same_channel"},
		{storage.ErrAlreadyJoined, "zalo_link_here_already"},
	} {
		if errors.Is(err, c.err) {
			return c.id, true
		}
	}
	return "", false
}

// channelTitle is a channel's name as people know it.
func channelTitle(channel string) string {
	switch channel {
	case "telegram":
		return "Telegram"
	case "zalo", "zalo_oa":
		return "Zalo"
	}
	return channel
}
