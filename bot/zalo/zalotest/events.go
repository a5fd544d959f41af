package zalotest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// OAText is an OA "user_send_text" event from user, as Zalo posts it.
func OAText(user, msgID, text string, at time.Time) []byte {
	return OAEvent("user_send_text", user, msgID, text, at)
}

// OAEvent is an OA event of any name from user.
func OAEvent(event, user, msgID, text string, at time.Time) []byte {
	msg := map[string]any{"msg_id": msgID}
	if text != "" {
		msg["text"] = text
	}
	b, _ := json.Marshal(map[string]any{
		"app_id": AppID, "user_id_by_app": "u-" + user, "event_name": event,
		"sender": map[string]string{"id": user}, "recipient": map[string]string{"id": "oa-579745863508352884"},
		"message": msg, "timestamp": fmt.Sprint(at.UnixMilli()),
	})
	return b
}

// Sign returns the X-ZEvent-Signature value Zalo sends with body:
// "mac=" and the hex SHA-256 of the app id, the body, its timestamp and
// the OA secret key.
func Sign(body []byte) string {
	var e struct {
		Timestamp json.RawMessage `json:"timestamp"`
	}
	_ = json.Unmarshal(body, &e)
	ts := string(bytes.Trim(e.Timestamp, `"`))
	sum := sha256.Sum256([]byte(AppID + string(body) + ts + OASecret))
	return "mac=" + hex.EncodeToString(sum[:])
}

// PostOA delivers body to an OA webhook handler the way Zalo does, signed
// with signature ("" = no header), and returns the answer.
func PostOA(h http.Handler, body []byte, signature string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/zalo/oa/webhook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("X-ZEvent-Signature", signature)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// WebhookDeadline is how soon Zalo expects a webhook answered (about 2 s,
// hainh.me); slower answers are retried and a webhook that keeps failing
// is disabled.
const WebhookDeadline = 2 * time.Second

// PostOAInTime is PostOA, failing t when the answer took longer than
// WebhookDeadline.
func PostOAInTime(t testing.TB, h http.Handler, body []byte, signature string) *httptest.ResponseRecorder {
	t.Helper()
	start := time.Now()
	w := PostOA(h, body, signature)
	if took := time.Since(start); took > WebhookDeadline {
		t.Errorf("the webhook answered after %v; Zalo waits about %v", took.Round(time.Millisecond), WebhookDeadline)
	}
	return w
}

// PostBot delivers a Bot API event to a webhook handler in Zalo's
// {"ok":true,"result":...} envelope with secret ("" = no header).
func PostBot(h http.Handler, event []byte, secret string) *httptest.ResponseRecorder {
	body := []byte(`{"ok":true,"result":` + string(event) + `}`)
	req := httptest.NewRequest(http.MethodPost, "/zalo/bot/webhook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Bot-Api-Secret-Token", secret)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// OAFollow is the OA "follow" event: user started following the OA, which
// Zalo counts as an interaction.
func OAFollow(user string, at time.Time) []byte {
	b, _ := json.Marshal(map[string]any{
		"app_id": AppID, "oa_id": "579745863508352884", "event_name": "follow", "source": "oa_profile",
		"follower": map[string]string{"id": user}, "user_id_by_app": "u-" + user, "timestamp": fmt.Sprint(at.UnixMilli()),
	})
	return b
}
