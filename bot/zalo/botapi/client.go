package botapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/core"
)

// botReply is the Bot API's answer envelope.
type botReply struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}

// botError is a Bot API answer with ok false.
type botError struct {
	Code        int
	Description string
}

// Error names the code and Zalo's description.
func (e *botError) Error() string {
	return fmt.Sprintf("zalo bot api error %d: %s", e.Code, e.Description)
}

// call POSTs params as JSON to method and decodes the result into out
// (nil: ignore it). Errors never hold the token.
func (b *API) call(ctx context.Context, method string, params any, out any, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("%s: encode: %w", method, err)
	}
	url := b.Cfg.BotAPIEndpoint + "/bot" + b.Cfg.BotToken + "/" + method
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return channel.Mask(fmt.Errorf("%s: %w", method, err), b.Cfg.BotToken)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return channel.Mask(fmt.Errorf("%s: %w", method, err), b.Cfg.BotToken)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, core.MaxResponse))
	if err != nil {
		return channel.Mask(fmt.Errorf("%s: read answer: %w", method, err), b.Cfg.BotToken)
	}
	var reply botReply
	if err := json.Unmarshal(raw, &reply); err != nil {
		// A proxy's HTML error page: keep the HTTP status for classify.
		return &botError{Code: resp.StatusCode, Description: "unreadable answer (HTTP " + resp.Status + ")"}
	}
	if !reply.OK {
		code := reply.ErrorCode
		if code == 0 {
			code = resp.StatusCode
		}
		return &botError{Code: code, Description: channel.MaskString(reply.Description, b.Cfg.BotToken)}
	}
	if out != nil && len(reply.Result) > 0 {
		if err := json.Unmarshal(reply.Result, out); err != nil {
			return fmt.Errorf("%s: decode result: %w", method, err)
		}
	}
	return nil
}

// classify turns a failed call into a *chatmsg.SendError that says whether to
// retry and whether the chat is gone.
func classifyBot(op string, err error) *chatmsg.SendError {
	se := &chatmsg.SendError{Op: op, Err: err}
	var be *botError
	if !errors.As(err, &be) {
		// Network trouble or a timeout: the request may not have arrived.
		se.Retry = true
		return se
	}
	se.Status = be.Code
	switch {
	case be.Code == http.StatusTooManyRequests:
		se.Retry, se.RetryAfter = true, time.Second
	case be.Code >= 500:
		se.Retry = true
	case be.Code == http.StatusForbidden:
		// Decided from the body: a bare 403 may be the bot's own access.
		se.Gone = recipientBlocked(be.Description)
	}
	return se
}

// fatalBot reports errors that retrying cannot fix: a revoked or wrong
// token.
func fatalBot(err error) bool {
	var be *botError
	return errors.As(err, &be) && be.Code == http.StatusUnauthorized
}

// notFound reports a 404 answer.
func notFound(err error) bool {
	var be *botError
	return errors.As(err, &be) && be.Code == http.StatusNotFound
}

// pollTimedOut reports the answer getUpdates gives when nothing arrived.
func pollTimedOut(err error) bool {
	var be *botError
	return errors.As(err, &be) && be.Code == http.StatusRequestTimeout
}

// blockedPhrases are the descriptions of a Bot API 403 taken to mean that
// this one person blocked or left the bot. No Zalo document gives them:
// they are Telegram's and OpenClaw's wording. Any other 403 (the bot's own
// access) marks nobody.
var blockedPhrases = []string{"blocked", "user not found", "user is not exist", "user does not exist", "deactivated", "unfollow"}

// recipientBlocked reports whether a 403's description names the person.
func recipientBlocked(description string) bool {
	d := strings.ToLower(description)
	for _, p := range blockedPhrases {
		if strings.Contains(d, p) {
			return true
		}
	}
	return false
}
