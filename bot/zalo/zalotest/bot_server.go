package zalotest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"treembot/bot/channel/fakerecord"
)

// MaxText is the most UTF-16 code units one Zalo text may hold, on both
// APIs (OpenClaw's truncateUtf16Safe counts them so).
const MaxText = 2000

// UTF16Len counts s in UTF-16 code units, as JavaScript's length does:
// an emoji counts two.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// BotToken is a well-formed Zalo bot token; the server accepts only it.
const BotToken = "1459232241454765289:fAkE-zalo-bot-secret-for-treembot-tests"

// BotAccount is the fake bot's account name (getMe).
const BotAccount = "bot.TreemTest"

// Call is one recorded Bot API request.
type Call struct {
	Method string
	Params map[string]any
	Time   time.Time
}

// Failure is an error answer given instead of success. Zalo answers API
// errors as HTTP 200 with {"ok":false,"error_code":...,"description":...}
// (as OpenClaw's client and tests model it); HTTPStatus mirrors the code
// in the status line instead, as a proxy or an older server might.
type Failure struct {
	Code        int    // error_code: 429, 500, 403, 400, 408...
	Description string // defaults to the HTTP status text of Code
	HTTPStatus  bool   // answer with HTTP status Code instead of 200
	Drop        bool   // close the connection without an answer
}

// Sent is one text a chat received.
type Sent struct {
	Text      string
	MessageID string
	Time      time.Time
}

// BotServer is the fake Bot API; use NewBotServer.
type BotServer struct {
	*httptest.Server
	// PollWait caps how long an empty getUpdates waits, whatever timeout
	// it asked for, so tests stay fast (default 100ms).
	PollWait time.Duration
	// NumericID makes getMe give the bot's id as a JSON number, a type
	// quirk an unused field may have.
	NumericID bool

	// Recorder holds the calls by method, the failures queued for them
	// and the texts each chat received.
	fakerecord.Recorder[string, Call, Failure, Sent]

	mu      sync.Mutex
	queue   []json.RawMessage
	arrived chan struct{}
	webhook [2]string
}

// NewBotServer starts a fake Bot API, closed when the test ends.
func NewBotServer(t testing.TB) *BotServer {
	s := &BotServer{PollWait: 100 * time.Millisecond, arrived: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Push queues events (as BotText builds them) for getUpdates, which hands
// them out one per call, as Zalo does.
func (s *BotServer) Push(events ...[]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range events {
		s.queue = append(s.queue, json.RawMessage(e))
	}
	close(s.arrived)
	s.arrived = make(chan struct{})
}

// Webhook returns the URL and secret given to setWebhook.
func (s *BotServer) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook[0], s.webhook[1]
}

func (s *BotServer) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || token != BotToken {
		writeBot(w, nil, &Failure{Code: http.StatusUnauthorized, Description: "Unauthorized"})
		return
	}
	// A call without parameters may come with no body at all.
	params := map[string]any{}
	if err := json.NewDecoder(r.Body).Decode(&params); err != nil && !errors.Is(err, io.EOF) {
		writeBot(w, nil, &Failure{Code: http.StatusBadRequest, Description: "Bad Request: " + err.Error()})
		return
	}
	if f, failed := s.Record(method, Call{Method: method, Params: params, Time: time.Now()}); failed {
		if f.Drop {
			dropConnection(w)
		} else {
			writeBot(w, nil, &f)
		}
		return
	}
	result, fail := s.answer(r, method, params)
	writeBot(w, result, fail)
}

func (s *BotServer) answer(r *http.Request, method string, p map[string]any) (any, *Failure) {
	switch method {
	case "getMe":
		var id any = "1459232241454765289"
		if s.NumericID {
			id = json.Number("1459232241454765289")
		}
		return map[string]any{"id": id, "account_name": BotAccount, "account_type": "BASIC", "can_join_groups": false}, nil
	case "getUpdates":
		return s.nextUpdate(r)
	case "setWebhook":
		s.mu.Lock()
		s.webhook = [2]string{fmt.Sprint(p["url"]), fmt.Sprint(p["secret_token"])}
		s.mu.Unlock()
		return map[string]any{"url": p["url"], "updated_at": time.Now().UnixMilli()}, nil
	case "deleteWebhook":
		s.mu.Lock()
		s.webhook = [2]string{}
		s.mu.Unlock()
		return map[string]any{"url": "", "updated_at": time.Now().UnixMilli()}, nil
	case "sendMessage":
		return s.record(p)
	case "sendChatAction":
		return nil, nil
	}
	return nil, &Failure{Code: http.StatusNotFound, Description: "Not Found: method " + method}
}

// nextUpdate hands out the oldest queued event, waiting for one up to
// PollWait; with none it answers 408 as Zalo does when the poll times out.
func (s *BotServer) nextUpdate(r *http.Request) (any, *Failure) {
	deadline := time.After(s.PollWait)
	for {
		s.mu.Lock()
		if len(s.queue) > 0 {
			e := s.queue[0]
			s.queue = s.queue[1:]
			s.mu.Unlock()
			return e, nil
		}
		arrived := s.arrived
		s.mu.Unlock()
		select {
		case <-arrived:
		case <-deadline:
			return nil, &Failure{Code: http.StatusRequestTimeout, Description: "Request timeout"}
		case <-r.Context().Done():
			return nil, &Failure{Code: http.StatusRequestTimeout, Description: "Request timeout"}
		}
	}
}

func (s *BotServer) record(p map[string]any) (any, *Failure) {
	chat, _ := p["chat_id"].(string)
	text, _ := p["text"].(string)
	if chat == "" || text == "" {
		return nil, &Failure{Code: http.StatusBadRequest, Description: "Bad Request: chat_id and text are required"}
	}
	if n := UTF16Len(text); n > MaxText {
		return nil, &Failure{Code: http.StatusBadRequest, Description: fmt.Sprintf("Bad Request: text is %d UTF-16 units, at most %d", n, MaxText)}
	}
	sent := s.Deliver(chat, func(seq, _ int) Sent {
		return Sent{Text: text, MessageID: fmt.Sprintf("%020x", seq), Time: time.Now()}
	})
	return map[string]any{"message_id": sent.MessageID, "date": time.Now().UnixMilli()}, nil
}

func writeBot(w http.ResponseWriter, result any, f *Failure) {
	w.Header().Set("Content-Type", "application/json")
	if f != nil {
		desc := f.Description
		if desc == "" {
			desc = http.StatusText(f.Code)
		}
		if f.HTTPStatus {
			w.WriteHeader(f.Code)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error_code": f.Code, "description": desc})
		return
	}
	out := map[string]any{"ok": true}
	if result != nil {
		out["result"] = result
	}
	_ = json.NewEncoder(w).Encode(out)
}

// dropConnection closes the connection without an answer.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	w.WriteHeader(http.StatusBadGateway)
}

// BotText is a Bot API text event ("message.text.received") from user in
// a private chat of the same id.
func BotText(user, name, messageID, text string) []byte {
	return BotEvent("message.text.received", user, name, messageID, text)
}

// BotEvent is a Bot API event of any name from user in a private chat.
func BotEvent(event, user, name, messageID, text string) []byte {
	return botEvent(event, user, name, messageID, text, false)
}

// BotTextFromBot is a text event whose sender is a bot (from.is_bot).
func BotTextFromBot(user, name, messageID, text string) []byte {
	return botEvent("message.text.received", user, name, messageID, text, true)
}

func botEvent(event, user, name, messageID, text string, isBot bool) []byte {
	msg := map[string]any{
		"from":       map[string]any{"id": user, "display_name": name, "is_bot": isBot},
		"chat":       map[string]any{"id": user, "chat_type": "PRIVATE"},
		"message_id": messageID, "date": time.Now().UnixMilli(),
	}
	if text != "" {
		msg["text"] = text
	}
	b, _ := json.Marshal(map[string]any{"event_name": event, "message": msg})
	return b
}
