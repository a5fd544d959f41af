package zalotest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func post(t *testing.T, url, contentType string, body []byte, header map[string]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

// The fake Bot API takes calls without a body, as OpenClaw sends them,
// and refuses with HTTP 200 and ok:false, counting text in UTF-16 units.
func TestBotServerSpeaksLikeZalo(t *testing.T) {
	s := NewBotServer(t)
	base := s.URL + "/bot" + BotToken + "/"
	if status, out := post(t, base+"getMe", "", nil, nil); status != 200 || out["ok"] != true {
		t.Errorf("body-less getMe: %d %v", status, out)
	}
	text := strings.Repeat("😀", 1001) // 1,001 characters, 2,002 UTF-16 units
	body, _ := json.Marshal(map[string]string{"chat_id": "c", "text": text})
	status, out := post(t, base+"sendMessage", "application/json", body, nil)
	if status != 200 || out["ok"] != false || out["error_code"] != float64(400) {
		t.Errorf("2,002 UTF-16 units: %d %v, want HTTP 200 with ok:false and error_code 400", status, out)
	}
	if status, out := post(t, s.URL+"/botWRONG/getMe", "", nil, nil); status != 200 || out["error_code"] != float64(401) {
		t.Errorf("wrong token: %d %v", status, out)
	}
}

// The fake OA refuses the shut-down v2 message API with -240, and
// customer-service messages 7 days after the last interaction with -230.
func TestOAServerSpeaksLikeZalo(t *testing.T) {
	s := NewOAServer(t)
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	form := "app_id=" + AppID + "&grant_type=refresh_token&refresh_token=" + FirstRefresh
	_, tok := post(t, s.URL+"/v4/oa/access_token", "application/x-www-form-urlencoded", []byte(form), map[string]string{"secret_key": AppSecret})
	auth := map[string]string{"access_token": tok["access_token"].(string)}
	msg := []byte(`{"recipient":{"user_id":"u1"},"message":{"text":"Chào"}}`)
	if _, out := post(t, s.URL+"/v2.0/oa/message", "application/json", msg, auth); out["error"] != float64(-240) {
		t.Errorf("v2 message: %v, want -240", out)
	}
	s.Interacted("u1", now.Add(-6*24*time.Hour))
	if _, out := post(t, s.URL+"/v3.0/oa/message/cs", "application/json", msg, auth); out["error"] != float64(0) {
		t.Errorf("6 days after the last interaction: %v, want success", out)
	}
	now = now.Add(48 * time.Hour)
	if _, out := post(t, s.URL+"/v3.0/oa/message/cs", "application/json", msg, auth); out["error"] != float64(-230) {
		t.Errorf("8 days after the last interaction: %v, want -230", out)
	}
}
