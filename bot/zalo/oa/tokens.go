package oa

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"treembot/bot/channel"
	"treembot/bot/zalo/internal/core"
)

// tokens hands out a valid OA access token, refreshing it before expiry;
// one refresh at a time in this process, one across instances through the
// database's row lock.
type tokens struct {
	cfg    core.Config
	store  core.TokenStore
	http   *http.Client
	clock  func() time.Time
	log    *slog.Logger
	onFail func(ctx context.Context, err error)

	mu        sync.Mutex
	access    string
	expires   time.Time
	lastAlert time.Time
}

// get returns an access token valid for at least the refresh margin,
// refreshing it first when needed.
func (t *tokens) get(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.clock()
	if t.access != "" && t.expires.After(now.Add(t.cfg.OARefreshMargin)) {
		return t.access, nil
	}
	// Another instance may have refreshed: look before spending anything.
	access, expires, err := t.store.ZaloAccessToken(ctx, t.cfg.OAAppID)
	if err == nil && access != "" && expires.After(now.Add(t.cfg.OARefreshMargin)) {
		t.access, t.expires = access, expires
		return access, nil
	}
	return t.refreshLocked(ctx, access, now.Add(t.cfg.OARefreshMargin))
}

// refused is called when Zalo refused stale as invalid or expired: it
// returns a token other than stale, refreshing unless someone just did.
func (t *tokens) refused(ctx context.Context, stale string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.access != "" && t.access != stale && t.expires.After(t.clock()) {
		return t.access, nil
	}
	return t.refreshLocked(ctx, stale, t.clock())
}

func (t *tokens) refreshLocked(ctx context.Context, stale string, validAfter time.Time) (string, error) {
	access, expires, err := t.store.RefreshZaloTokens(ctx, t.cfg.OAAppID, stale, validAfter, t.exchange)
	if err != nil {
		err = channel.Mask(err, t.cfg.OAAppSecret)
		t.fail(ctx, err)
		return "", fmt.Errorf("zalo OA access token: %w", err)
	}
	if access != t.access {
		t.log.Info("zalo: OA access token renewed", "expires", expires)
	}
	t.access, t.expires = access, expires
	return access, nil
}

// fail logs a refresh failure and alerts the admins at most hourly:
// without a token nothing reaches the OA's users.
func (t *tokens) fail(ctx context.Context, err error) {
	t.log.Error("zalo: OA access token could not be refreshed; OA messages will fail until it is", "err", err)
	now := t.clock()
	if t.onFail != nil && (t.lastAlert.IsZero() || now.Sub(t.lastAlert) >= core.AlertEvery) {
		t.lastAlert = now
		t.onFail(context.WithoutCancel(ctx), err)
	}
}

// tokenReply is Zalo's OAuth answer; expires_in comes as a string.
type tokenReply struct {
	AccessToken  string          `json:"access_token"`
	RefreshToken string          `json:"refresh_token"`
	ExpiresIn    json.RawMessage `json:"expires_in"`
	Error        int             `json:"error"`
	ErrorName    string          `json:"error_name"`
	ErrorReason  string          `json:"error_reason"`
}

// exchange spends refreshToken at Zalo's OAuth endpoint for a new pair.
func (t *tokens) exchange(ctx context.Context, refreshToken string) (string, string, time.Time, error) {
	form := url.Values{"refresh_token": {refreshToken}, "app_id": {t.cfg.OAAppID}, "grant_type": {"refresh_token"}}
	ctx, cancel := context.WithTimeout(ctx, core.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.cfg.OAuthEndpoint+"/v4/oa/access_token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", "", time.Time{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("secret_key", t.cfg.OAAppSecret)
	resp, err := t.http.Do(req)
	if err != nil {
		return "", "", time.Time{}, channel.Mask(err, refreshToken, t.cfg.OAAppSecret)
	}
	defer resp.Body.Close()
	var r tokenReply
	if err := json.NewDecoder(io.LimitReader(resp.Body, core.MaxResponse)).Decode(&r); err != nil {
		return "", "", time.Time{}, fmt.Errorf("zalo oauth: HTTP %s, unreadable answer", resp.Status)
	}
	if r.Error != 0 || r.AccessToken == "" || r.RefreshToken == "" {
		return "", "", time.Time{}, fmt.Errorf("zalo oauth: HTTP %s, error %d %s %s", resp.Status, r.Error,
			r.ErrorName, channel.MaskString(r.ErrorReason, refreshToken))
	}
	seconds, err := strconv.Atoi(strings.Trim(string(r.ExpiresIn), `"`))
	if err != nil || seconds <= 0 {
		return "", "", time.Time{}, errors.New("zalo oauth: answer without a valid expires_in")
	}
	return r.AccessToken, r.RefreshToken, t.clock().Add(time.Duration(seconds) * time.Second), nil
}
