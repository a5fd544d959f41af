package zalotest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"treembot/bot/channel/fakerecord"
)

// Credentials of the fake Official Account.
const (
	AppID          = "2553928453557884079"
	OASecret       = "oa-secret-key-for-tests"
	AppSecret      = "app-secret-key-for-tests"
	FirstRefresh   = "refresh-token-0"
	ExpiresSeconds = 90000 // 25 hours, as Zalo gives
)

// OACall is one recorded OA API or OAuth request.
type OACall struct {
	Path  string
	Token string         // the access_token header
	Body  map[string]any // JSON bodies
	Form  map[string]string
	Query string // the data parameter of a GET
	Time  time.Time
}

// DisplayName is the Zalo name the fake OA gives user.
func DisplayName(user string) string { return "Chị Hoa " + user }

// OAFailure is an error answer given instead of success.
type OAFailure struct {
	HTTPStatus int    // 0 = 200 with an error envelope
	Error      int    // Zalo's error code, e.g. -32, -230
	Message    string // defaults to a plain description
	Drop       bool   // close the connection without an answer
}

// OASent is one message a user received.
type OASent struct {
	Path    string   // /v3.0/oa/message/cs or /v3.0/oa/message/transaction
	Text    string   // the text, or a transaction's text elements joined by "\n"
	Buttons []string // button payloads
	Titles  []string // button titles
	Kind    string   // text, image, file, transaction
	Time    time.Time
}

// OAServer is the fake OA API and OAuth server; use NewOAServer.
type OAServer struct {
	*httptest.Server
	// RefreshDelay slows the OAuth answer, to widen races.
	RefreshDelay time.Duration
	// OnlyNewestToken makes a refresh revoke every earlier access token,
	// the strictest thing Zalo could do to a send in flight.
	OnlyNewestToken bool
	// ProfileDelay slows the display-name lookup (user/detail).
	ProfileDelay time.Duration
	// Now is the fake's clock for the 7-day interaction window (default
	// time.Now); set it to the test's clock.
	Now func() time.Time

	// Recorder holds the calls by path, the failures queued for them and
	// the messages each user received.
	fakerecord.Recorder[string, OACall, OAFailure, OASent]

	mu        sync.Mutex
	access    map[string]bool
	refresh   map[string]bool
	issued    int
	refreshes int
	lastSeen  map[string]time.Time
}

// InteractionWindow is how long after a person's last interaction (a
// message, a tap, a follow) Zalo accepts customer-service messages to
// them; later it answers -230. Within 48 h they are free, after that billed.
const InteractionWindow = 7 * 24 * time.Hour

// Interacted records that user interacted with the OA at at. A user the
// fake was told about gets customer-service messages only within
// InteractionWindow of their last interaction; others are not checked.
func (s *OAServer) Interacted(user string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if at.After(s.lastSeen[user]) {
		s.lastSeen[user] = at
	}
}

// outsideWindow reports a known user whose last interaction is too old.
func (s *OAServer) outsideWindow(user string) bool {
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at, known := s.lastSeen[user]
	return known && now.Sub(at) > InteractionWindow
}

// NewOAServer starts a fake OA whose first refresh token is FirstRefresh.
func NewOAServer(t testing.TB) *OAServer {
	s := &OAServer{access: map[string]bool{}, refresh: map[string]bool{FirstRefresh: true},
		lastSeen: map[string]time.Time{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// RevokeAccessTokens makes every access token issued so far invalid, as
// when an admin revokes the app or another process refreshed.
func (s *OAServer) RevokeAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access = map[string]bool{}
}

// ValidRefreshToken reports whether tok may still be spent.
func (s *OAServer) ValidRefreshToken(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refresh[tok]
}

// Refreshes counts the token refreshes that succeeded.
func (s *OAServer) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

func (s *OAServer) serve(w http.ResponseWriter, r *http.Request) {
	call := OACall{Path: r.URL.Path, Token: r.Header.Get("access_token"), Query: r.URL.Query().Get("data"), Time: time.Now()}
	switch {
	case strings.HasPrefix(r.Header.Get("Content-Type"), "application/json"):
		_ = json.NewDecoder(r.Body).Decode(&call.Body)
	case strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		_ = r.ParseForm()
		call.Form = map[string]string{}
		for k := range r.PostForm {
			call.Form[k] = r.PostForm.Get(k)
		}
	default:
		_, _ = io.Copy(io.Discard, r.Body)
	}
	f, failed := s.Record(call.Path, call)
	switch {
	case failed && f.Drop:
		dropConnection(w)
	case failed:
		writeOA(w, f.HTTPStatus, map[string]any{"error": f.Error, "message": orText(f.Message, "failure injected")})
	case call.Path == "/v4/oa/access_token":
		s.token(w, r, call)
	default:
		s.api(w, call)
	}
}

// token spends a refresh token for a new pair, each refresh token once.
func (s *OAServer) token(w http.ResponseWriter, r *http.Request, call OACall) {
	time.Sleep(s.RefreshDelay)
	if r.Header.Get("secret_key") != AppSecret || call.Form["app_id"] != AppID {
		writeOA(w, 0, map[string]any{"error": -14002, "error_name": "Invalid app secret", "error_reason": "secret_key or app_id is wrong"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := call.Form["refresh_token"]
	if call.Form["grant_type"] != "refresh_token" || !s.refresh[old] {
		writeOA(w, 0, map[string]any{"error": -14014, "error_name": "Invalid refresh token", "error_reason": "refresh token is invalid or used"})
		return
	}
	delete(s.refresh, old)
	s.issued++
	s.refreshes++
	access, next := fmt.Sprint("access-token-", s.issued), fmt.Sprint("refresh-token-", s.issued)
	if s.OnlyNewestToken {
		s.access = map[string]bool{}
	}
	s.access[access], s.refresh[next] = true, true
	writeOA(w, 0, map[string]any{"access_token": access, "refresh_token": next, "expires_in": fmt.Sprint(ExpiresSeconds)})
}

// api answers the message and upload endpoints, for valid tokens only.
func (s *OAServer) api(w http.ResponseWriter, call OACall) {
	s.mu.Lock()
	valid := s.access[call.Token]
	s.mu.Unlock()
	if !valid {
		writeOA(w, 0, map[string]any{"error": -216, "message": "Access token is invalid"})
		return
	}
	switch call.Path {
	case "/v2.0/oa/message", "/v2.0/oa/message/cs", "/v2.0/oa/message/transaction":
		writeOA(w, 0, map[string]any{"error": -240, "message": "MessageV2 API has been shut down"})
	case "/v3.0/oa/user/detail":
		time.Sleep(s.ProfileDelay)
		var q struct {
			UserID string `json:"user_id"`
		}
		_ = json.Unmarshal([]byte(call.Query), &q)
		writeOA(w, 0, map[string]any{"error": 0, "message": "Success", "data": map[string]any{
			"user_id": q.UserID, "display_name": DisplayName(q.UserID), "user_is_follower": true}})
	case "/v2.0/oa/upload/image":
		writeOA(w, 0, map[string]any{"error": 0, "message": "Success", "data": map[string]any{"attachment_id": "att-image-1"}})
	case "/v2.0/oa/upload/file":
		writeOA(w, 0, map[string]any{"error": 0, "message": "Success", "data": map[string]any{"token": "file-token-1"}})
	case "/v3.0/oa/message/cs", "/v3.0/oa/message/transaction":
		sent, user, problem := readMessage(call)
		if problem != "" {
			writeOA(w, 0, map[string]any{"error": -201, "message": problem})
			return
		}
		if call.Path == "/v3.0/oa/message/cs" && s.outsideWindow(user) {
			writeOA(w, 0, map[string]any{"error": -230, "message": "User has not interacted with the OA in the past 7 days"})
			return
		}
		var id string
		s.Deliver(user, func(_, nth int) OASent {
			id = fmt.Sprintf("msg-%s-%d", user, nth)
			return sent
		})
		writeOA(w, 0, map[string]any{"error": 0, "message": "Success", "data": map[string]any{"message_id": id, "user_id": user}})
	default:
		writeOA(w, http.StatusNotFound, map[string]any{"error": -209, "message": "Not supported this api"})
	}
}

func writeOA(w http.ResponseWriter, status int, body map[string]any) {
	w.Header().Set("Content-Type", "application/json")
	if status != 0 {
		w.WriteHeader(status)
	}
	_ = json.NewEncoder(w).Encode(body)
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// MaxTransactionTitle is the longest button title a transaction message
// takes (etelecom's guide); customer-service buttons take 100.
const MaxTransactionTitle = 35

// readMessage checks a message body the way Zalo would and describes it.
func readMessage(call OACall) (OASent, string, string) {
	rec, _ := call.Body["recipient"].(map[string]any)
	user, _ := rec["user_id"].(string)
	msg, _ := call.Body["message"].(map[string]any)
	if user == "" || msg == nil {
		return OASent{}, "", "recipient.user_id and message are required"
	}
	sent := OASent{Path: call.Path, Kind: "text", Time: call.Time}
	sent.Text, _ = msg["text"].(string)
	if n := UTF16Len(sent.Text); n > MaxText {
		return OASent{}, "", fmt.Sprintf("message.text is %d UTF-16 units, at most %d", n, MaxText)
	}
	att, _ := msg["attachment"].(map[string]any)
	payload, _ := att["payload"].(map[string]any)
	switch {
	case att == nil && sent.Text == "":
		return OASent{}, "", "message.text is empty"
	case att != nil && att["type"] == "file":
		sent.Kind = "file"
	case payload["template_type"] == "media":
		sent.Kind = "image"
	case payload["template_type"] == "transaction_event":
		sent.Kind, sent.Text = "transaction", elementsText(payload)
	}
	buttons, _ := payload["buttons"].([]any)
	if len(buttons) > 5 {
		return OASent{}, "", "at most 5 buttons"
	}
	titleLimit := 100
	if sent.Kind == "transaction" {
		titleLimit = MaxTransactionTitle
	}
	for _, b := range buttons {
		m, _ := b.(map[string]any)
		p, _ := m["payload"].(string)
		t, _ := m["title"].(string)
		if n := utf8.RuneCountInString(t); n > titleLimit {
			return OASent{}, "", fmt.Sprintf("button title is %d characters, at most %d", n, titleLimit)
		}
		sent.Buttons, sent.Titles = append(sent.Buttons, p), append(sent.Titles, t)
	}
	return sent, user, ""
}

func elementsText(payload map[string]any) string {
	var parts []string
	elems, _ := payload["elements"].([]any)
	for _, e := range elems {
		m, _ := e.(map[string]any)
		if c, ok := m["content"].(string); ok {
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, "\n")
}
