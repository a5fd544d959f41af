package oa

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"treembot/bot/chatmsg"
)

// profileTimeout bounds the name lookup: joining must not wait on it.
const profileTimeout = 3 * time.Second

// joining reports a stranger's likely first words: the commands that
// create or bind an account, the only time the router keeps a name.
func joining(upd chatmsg.Update) bool {
	if upd.Kind != chatmsg.KindMessage {
		return false
	}
	for _, cmd := range []string{"/start", "/join", "/link"} {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(upd.Text)), cmd) {
			return true
		}
	}
	return false
}

// withName fills in the person's Zalo display name, which OA events do
// not carry, when they are joining; a failed lookup leaves it empty.
func (o *API) withName(ctx context.Context, upd chatmsg.Update) chatmsg.Update {
	if !joining(upd) {
		return upd
	}
	ctx, cancel := context.WithTimeout(ctx, profileTimeout)
	defer cancel()
	var profile struct {
		DisplayName string `json:"display_name"`
	}
	query, _ := json.Marshal(map[string]string{"user_id": upd.UserID}) // strings cannot fail
	build := func(ctx context.Context, token string) (*http.Request, error) {
		u := o.Cfg.OAAPIEndpoint + "/v3.0/oa/user/detail?data=" + url.QueryEscape(string(query))
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err == nil {
			req.Header.Set("access_token", token)
		}
		return req, err
	}
	if se := o.call(ctx, "zalo_oa user detail", build, &profile); se != nil {
		o.Log.Warn("zalo: display name not found", "err", se)
		return upd
	}
	upd.UserName = norm.NFC.String(strings.TrimSpace(profile.DisplayName))
	return upd
}
