package bot

import (
	"context"
	"time"
)

// MenuSetter shows one private chat the command menu of a role, described
// in a language (the Telegram adapter: setMyCommands for that chat).
type MenuSetter interface {
	SetChatMenu(ctx context.Context, chatID, role, lang string) error
}

// How long a chat's menu is remembered as set, and how long setting it may
// take.
const (
	chatMenuTTL     = 30 * 24 * time.Hour
	chatMenuTimeout = 30 * time.Second
)

// syncMenu sets the chat's menu when the person's role or language is not
// the one it was last set for: after they join, after /lang, or after an
// admin changed their role. The last setting is remembered in this
// process and in the session store, so a turn usually costs nothing; the
// call itself runs beside the reply, never before it.
func (r *Router) syncMenu(ctx context.Context, req *request) {
	setter := r.Menus[req.Channel]
	if setter == nil || req.user == nil || req.IsGroup {
		return
	}
	key := "menu:" + req.Channel + ":" + req.ChatID
	want := []byte(req.user.Role + "/" + req.lang)
	if got, err := r.local.Get(ctx, key); err == nil && string(got) == string(want) {
		return
	}
	if got, err := r.Sessions.Get(ctx, key); err == nil && string(got) == string(want) {
		_ = r.local.Set(ctx, key, want, chatMenuTTL)
		return
	}
	// Remembered here before the call, so that the next turns do not set
	// it again while it is on its way; forgotten if it fails.
	_ = r.local.Set(ctx, key, want, chatMenuTTL)
	chat, role, lang := req.ChatID, req.user.Role, req.lang
	go func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), chatMenuTimeout)
		defer cancel()
		if err := setter.SetChatMenu(ctx, chat, role, lang); err != nil {
			_ = r.local.Delete(ctx, key)
			r.Logger.Warn("chat menu not set", "channel", req.Channel, "err", err)
			return
		}
		if err := r.Sessions.Set(ctx, key, want, chatMenuTTL); err != nil {
			r.Logger.Debug("chat menu setting not shared", "err", err)
		}
	}()
}
