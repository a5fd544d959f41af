package oa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"time"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/core"
)

// ErrOutsideWindow is the cause of a *chatmsg.SendError from the OA sender
// when the person last wrote longer ago than the reply window and no
// proactive message may be sent (not configured, quota used up, or Zalo
// refused): the reminders report them as not reachable by Zalo. Match it
// with errors.Is; retrying does not help.
var ErrOutsideWindow = errors.New("could not reach by Zalo: outside the reply window and no proactive message allowed")

// OA error codes the adapter acts on (the guide's error table).
const (
	oaRateLimited    = -32
	oaOutOfQuota     = -211
	oaNotFollower    = -213
	oaTokenInvalid   = -216
	oaTokenExpired   = -220
	oaUserInactive   = -227
	oaNoInteraction  = -230
	oaNoInteraction2 = -232
	oaNightBan       = -234
	oaAPIShutDown    = -240
)

// morningHour is when, in vietnam, Zalo's night ban on sending is over.
const morningHour = 7

// oaReply is the OA API's answer envelope.
type oaReply struct {
	Error   int             `json:"error"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// oaRequest builds one OA call for an access token.
type oaRequest func(ctx context.Context, token string) (*http.Request, error)

// jsonRequest POSTs body as JSON to path.
func (o *API) jsonRequest(path string, body any) oaRequest {
	return func(ctx context.Context, token string) (*http.Request, error) {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.Cfg.OAAPIEndpoint+path, bytes.NewReader(raw))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("access_token", token)
		}
		return req, err
	}
}

// uploadRequest POSTs a file as multipart "file" to path.
func (o *API) uploadRequest(path, name string, data []byte) oaRequest {
	return func(ctx context.Context, token string) (*http.Request, error) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		part, err := mw.CreateFormFile("file", name)
		if err == nil {
			_, err = part.Write(data)
		}
		if err == nil {
			err = mw.Close()
		}
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.Cfg.OAAPIEndpoint+path, &buf)
		if err == nil {
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("access_token", token)
		}
		return req, err
	}
}

// call makes one OA call with a valid access token; when Zalo says the
// token is invalid or expired (revoked, or refreshed by someone else) it
// gets another and tries once more. The data of a success goes to out.
func (o *API) call(ctx context.Context, op string, build oaRequest, out any) *chatmsg.SendError {
	token, err := o.tokens.get(ctx)
	if err != nil {
		return &chatmsg.SendError{Op: op, Err: err}
	}
	reply, se := o.do(ctx, op, build, token)
	if se == nil && (reply.Error == oaTokenInvalid || reply.Error == oaTokenExpired) {
		if token, err = o.tokens.refused(ctx, token); err != nil {
			return &chatmsg.SendError{Op: op, Err: err}
		}
		reply, se = o.do(ctx, op, build, token)
	}
	if se != nil {
		return se
	}
	if reply.Error != 0 {
		se := classifyOA(op, reply, o.Clock())
		if reply.Error == oaAPIShutDown {
			o.Log.Error("zalo: Zalo says this OA API has been shut down; the adapter must move to its successor", "op", op)
		}
		return se
	}
	if out != nil && len(reply.Data) > 0 {
		if err := json.Unmarshal(reply.Data, out); err != nil {
			return &chatmsg.SendError{Op: op, Err: fmt.Errorf("decode data: %w", err)}
		}
	}
	return nil
}

// do sends one request and reads the envelope; transport failures and
// HTTP errors without an envelope come back as a SendError.
func (o *API) do(ctx context.Context, op string, build oaRequest, token string) (*oaReply, *chatmsg.SendError) {
	ctx, cancel := context.WithTimeout(ctx, core.RequestTimeout)
	defer cancel()
	req, err := build(ctx, token)
	if err != nil {
		return nil, &chatmsg.SendError{Op: op, Err: channel.Mask(err, token)}
	}
	resp, err := o.http.Do(req)
	if err != nil {
		return nil, &chatmsg.SendError{Op: op, Retry: true, Err: channel.Mask(err, token)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, core.MaxResponse))
	var reply oaReply
	if err == nil {
		err = json.Unmarshal(raw, &reply)
	}
	if err != nil || resp.StatusCode >= 300 {
		se := &chatmsg.SendError{Op: op, Status: resp.StatusCode, Err: fmt.Errorf("HTTP %s", resp.Status)}
		se.Retry = resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests || err != nil
		return nil, se
	}
	return &reply, nil
}

// classifyOA turns an OA error answer at now into a *chatmsg.SendError.
func classifyOA(op string, r *oaReply, now time.Time) *chatmsg.SendError {
	se := &chatmsg.SendError{Op: op, Status: r.Error, Err: fmt.Errorf("zalo OA error %d: %s", r.Error, r.Message)}
	switch r.Error {
	case oaRateLimited:
		se.Retry, se.RetryAfter = true, time.Second
	case oaNoInteraction, oaNoInteraction2, oaOutOfQuota, oaNotFollower:
		// Not following is not gone: following again does not pass
		// through the router, so nothing would mark them reachable.
		se.Err = fmt.Errorf("%w (zalo OA error %d: %s)", ErrOutsideWindow, r.Error, r.Message)
	case oaNightBan:
		se.RetryAfter = untilMorning(now)
		se.Err = fmt.Errorf("%w (zalo OA error %d: %s)", core.ErrNotNow, r.Error, r.Message)
	case oaAPIShutDown:
		se.Err = fmt.Errorf("zalo has shut this API down (OA error %d: %s)", r.Error, r.Message)
	case oaUserInactive:
		se.Gone = true
	}
	return se
}

// untilMorning is how long from now until morningHour in vietnam.
func untilMorning(now time.Time) time.Duration {
	local := now.In(vietnam)
	morning := time.Date(local.Year(), local.Month(), local.Day(), morningHour, 0, 0, 0, vietnam)
	if !morning.After(local) {
		morning = morning.AddDate(0, 0, 1)
	}
	return morning.Sub(local)
}
