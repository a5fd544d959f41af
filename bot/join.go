package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"treembot/flows"
	"treembot/storage"
)

// Wrong invite codes are slowed down so codes can't be guessed: this many
// tries per window per person, and, against many accounts guessing at
// once, this many for everyone together (a whole district joining during
// a training session stays well under it).
const (
	joinTriesPerWindow  = 5
	joinGlobalPerWindow = 600
	joinWindow          = 10 * time.Minute
)

// handleStranger answers someone without an identity: /start CODE (or
// /join CODE) binds them (with a link code, to the person who made it; see
// /link); anything else gets only the join instructions — no data, no form.
func (r *Router) handleStranger(ctx context.Context, req *request) ([]Message, error) {
	name, code, ok := parseCommand(req.Text)
	if cmd := r.findCommand(name); ok && cmd != nil {
		name = cmd.name // /join is /start, /lienket is /link
	}
	if req.Kind != KindMessage || !ok || (name != "start" && name != "link") || code == "" {
		return r.reply(req, "bot_join_instructions"), nil
	}
	allowed, wait, err := r.Sessions.Allow(ctx, "join:"+req.Channel+":"+req.UserID, joinTriesPerWindow, joinWindow)
	if err != nil {
		return nil, fmt.Errorf("join rate limit: %w", err)
	}
	if !allowed {
		return r.reply(req, "bot_join_slow_down", map[string]any{"Minutes": int(wait.Minutes()) + 1}), nil
	}
	allowed, wait, err = r.Sessions.Allow(ctx, "join:"+req.Channel+":*", joinGlobalPerWindow, joinWindow)
	if err != nil {
		return nil, fmt.Errorf("join rate limit: %w", err)
	}
	if !allowed {
		r.Logger.Warn("invite codes throttled for everyone", "channel", req.Channel)
		return r.reply(req, "ops_join_busy", map[string]any{"Minutes": int(wait.Minutes()) + 1}), nil
	}
	if msgs, done, err := r.redeemLink(ctx, req, name, code); done || err != nil {
		return msgs, err
	}
	user, err := r.Store.RedeemInvite(ctx, storage.RedeemRequest{
		Code: code, Channel: req.Channel, ExternalID: req.UserID, ChatID: req.ChatID,
		Name: req.UserName, Language: req.lang, Now: req.now,
	})
	switch {
	case errors.Is(err, storage.ErrInviteUnknown):
		return r.reply(req, "bot_join_unknown"), nil
	case errors.Is(err, storage.ErrInviteUsed):
		return r.reply(req, "bot_join_used"), nil
	case errors.Is(err, storage.ErrInviteExpired):
		return r.reply(req, "bot_join_expired"), nil
	case err != nil:
		return nil, fmt.Errorf("redeem invite: %w", err)
	}
	req.user = user
	unit, err := r.Store.Unit(ctx, user.UnitID)
	if err != nil {
		return nil, err
	}
	welcome := r.t(req, "bot_joined", map[string]any{
		"You": r.address(req, user), "Role": r.t(req, "bot_role_"+user.Role), "Unit": unit.Name})
	// The welcome asks, with buttons, how the person wants to be addressed.
	ask := r.titleQuestion(req)
	ask.Text = welcome + "\n" + ask.Text
	return []Message{ask, r.helpMessage(req)}, nil
}

// handleUnsupported answers a sticker, photo or voice note: if a question
// is waiting, it is asked again; nothing is saved.
func (r *Router) handleUnsupported(ctx context.Context, req *request) ([]Message, error) {
	notice := r.reply(req, "bot_unsupported_message")
	conv, err := r.loadConversation(ctx, req)
	if err != nil || conv == nil {
		return notice, err
	}
	// An empty answer makes the engine repeat what it expects.
	more, err := r.handleFormInput(ctx, req, flows.Input{})
	return append(notice, more...), err
}
