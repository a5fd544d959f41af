package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/chatmsg"
)

// requestTimeout bounds one Bot API call other than a long poll.
const requestTimeout = 30 * time.Second

// ctxClient binds a context to every request, because tgbotapi v5 builds
// its requests without one: this is how a cancelled Run interrupts a long
// poll and a deadline bounds an upload.
type ctxClient struct {
	ctx  context.Context
	base *http.Client
}

// Do sends req under the bound context.
func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return c.base.Do(req.WithContext(c.ctx))
}

// request performs one Bot API call under ctx. The shared BotAPI is copied
// (it holds no lock) so that concurrent calls each carry their own context.
func (a *Adapter) request(ctx context.Context, c tgbotapi.Chattable, timeout time.Duration) (*tgbotapi.APIResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	api := *a.api
	api.Client = ctxClient{ctx: ctx, base: a.http}
	return api.Request(c)
}

// classify turns a failed call into a *chatmsg.SendError that says whether to
// retry, how long Telegram asked us to wait, and whether the chat is gone.
// Its text never holds the token.
func (a *Adapter) classify(op string, resp *tgbotapi.APIResponse, err error) *chatmsg.SendError {
	se := &chatmsg.SendError{Op: op}
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) {
		// Network trouble, a timeout or a proxy's HTML error page: the
		// request may not have reached Telegram, so trying again is right.
		se.Retry, se.Err = true, maskToken(a.cfg.Token, err)
		return se
	}
	se.Status = apiErr.Code
	if se.Status == 0 && resp != nil {
		// tgbotapi v5.5.1 leaves Code empty for multipart uploads.
		se.Status = resp.ErrorCode
	}
	se.Err = errors.New(maskString(a.cfg.Token, apiErr.Message))
	if m := migration(err); m != nil {
		se.Err = fmt.Errorf("%w: %w", se.Err, m)
	}
	switch {
	case se.Status == http.StatusTooManyRequests:
		se.Retry = true
		se.RetryAfter = time.Duration(apiErr.RetryAfter) * time.Second
		if se.RetryAfter <= 0 {
			se.RetryAfter = time.Second
		}
	case se.Status >= 500:
		se.Retry = true
	case se.Status == http.StatusForbidden:
		se.Gone = true
	}
	return se
}
