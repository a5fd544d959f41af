package fakeapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/channel/fakerecord"
)

// Token is a well-formed bot token for tests; the server accepts any.
const Token = "7012345678:AAH-fake_token-for-treembot-tests-0123456"

// BotUserName is the fake bot's @username (getMe).
const BotUserName = "treem_test_bot"

// Call is one recorded Bot API request.
type Call struct {
	Method string
	Params map[string]string // form fields, JSON-encoded ones left as sent
	Files  map[string]File   // multipart uploads by field name
	Time   time.Time         // when the server received it
}

// File is an uploaded file.
type File struct {
	Name  string
	Bytes []byte
}

// Failure is an error answer the server gives instead of success.
type Failure struct {
	Code        int    // HTTP status and error_code: 429, 500, 403, 400...
	Description string // defaults to the usual Telegram wording
	RetryAfter  int    // seconds, sent as parameters.retry_after (429)
	MigrateTo   int64  // sent as parameters.migrate_to_chat_id (400: the group became a supergroup)
	// Drop closes the connection without an answer (a network error);
	// Code is then ignored.
	Drop bool
}

// Sent is one message a chat received (or its current state after edits).
type Sent struct {
	Method    string // sendMessage, sendPhoto, sendDocument
	MessageID int
	Text      string
	ParseMode string
	Keyboard  [][]tgbotapi.InlineKeyboardButton // nil or empty once removed
	File      *File
	Time      time.Time
}

// Server is the fake Bot API. Its zero value is not usable: use Start.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:port.
	URL  string
	http *http.Server
	// PollWait caps how long an empty getUpdates waits, whatever timeout
	// it asked for, so tests stay fast (default 200ms).
	PollWait time.Duration
	// Latency delays every answer but getUpdates', as the real Bot API's
	// round trips do (set before the first call).
	Latency time.Duration

	// Recorder holds the calls by method, the failures queued for them
	// and the messages each chat received.
	fakerecord.Recorder[int64, Call, Failure, Sent]

	mu       sync.Mutex
	updates  []queued
	lastID   int
	offset   int
	arrived  chan struct{} // closed and replaced when updates are added
	failChat map[int64]Failure
}

type queued struct {
	id  int
	raw json.RawMessage
}

// Start starts a fake Bot API on a free port of 127.0.0.1; the caller
// closes it.
func Start() *Server {
	s := New()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("fakeapi: listen: %v", err))
	}
	s.URL = "http://" + ln.Addr().String()
	s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	return s
}

// New returns a fake Bot API that listens nowhere: serve it through
// Handler (in-process, e.g. inside a testing/synctest bubble, where real
// sockets would keep the fake clock from moving). Its URL is
// http://fakeapi.invalid.
func New() *Server {
	return &Server{
		URL:      "http://fakeapi.invalid",
		http:     &http.Server{},
		PollWait: 200 * time.Millisecond,
		lastID:   100000,
		arrived:  make(chan struct{}),
		failChat: map[int64]Failure{},
	}
}

// Handler serves the Bot API methods.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// Close stops the server and drops its connections, long polls included.
func (s *Server) Close() { _ = s.http.Close() }

// Endpoint is the tgbotapi endpoint format for this server.
func (s *Server) Endpoint() string { return s.URL + "/bot%s/%s" }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	slash := strings.LastIndexByte(rest, '/')
	if !ok || slash < 0 {
		writeError(w, Failure{Code: http.StatusNotFound})
		return
	}
	call, err := readCall(r, rest[slash+1:])
	if err != nil {
		writeError(w, Failure{Code: http.StatusBadRequest, Description: "Bad Request: " + err.Error()})
		return
	}
	if s.Latency > 0 && call.Method != "getUpdates" {
		time.Sleep(s.Latency)
	}
	f, failed := s.failure(call)
	if failed {
		writeFailure(w, f)
		return
	}
	result, code := s.answer(r, call)
	if code != 0 {
		writeError(w, Failure{Code: code})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": result})
}

func readCall(r *http.Request, method string) (Call, error) {
	call := Call{Method: method, Params: map[string]string{}, Files: map[string]File{}, Time: time.Now()}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return call, err
		}
		for name, fhs := range r.MultipartForm.File {
			f, err := readUpload(fhs[0])
			if err != nil {
				return call, err
			}
			call.Files[name] = f
		}
	} else if err := r.ParseForm(); err != nil {
		return call, err
	}
	for k, v := range r.Form {
		call.Params[k] = v[0]
	}
	return call, nil
}

// failure records call and picks the injected failure for it, if any: a
// queued one for its method first, then a standing one for its chat
// (sends only).
func (s *Server) failure(call Call) (Failure, bool) {
	if f, ok := s.Record(call.Method, call); ok {
		return f, true
	}
	if !strings.HasPrefix(call.Method, "send") {
		return Failure{}, false
	}
	chat, err := strconv.ParseInt(call.Params["chat_id"], 10, 64)
	if err != nil {
		return Failure{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.failChat[chat]
	return f, ok
}

func (s *Server) answer(r *http.Request, call Call) (any, int) {
	switch call.Method {
	case "getMe":
		return tgbotapi.User{ID: 7012345678, IsBot: true, FirstName: "Trẻ em", UserName: BotUserName}, 0
	case "getUpdates":
		return s.getUpdates(r, call), 0
	case "sendMessage", "sendPhoto", "sendDocument":
		return s.deliver(call)
	case "editMessageReplyMarkup", "editMessageText":
		return s.edit(call)
	case "answerCallbackQuery", "setMyCommands", "setWebhook", "deleteWebhook", "deleteMyCommands":
		return true, 0
	}
	return nil, http.StatusNotFound
}

func writeFailure(w http.ResponseWriter, f Failure) {
	if f.Drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		f.Code = http.StatusBadGateway
	}
	writeError(w, f)
}

func writeError(w http.ResponseWriter, f Failure) {
	desc := f.Description
	if desc == "" {
		desc = defaultDescription(f)
	}
	body := map[string]any{"ok": false, "error_code": f.Code, "description": desc}
	params := map[string]any{}
	if f.RetryAfter > 0 {
		params["retry_after"] = f.RetryAfter
	}
	if f.MigrateTo != 0 {
		params["migrate_to_chat_id"] = f.MigrateTo
	}
	if len(params) > 0 {
		body["parameters"] = params
	}
	writeJSON(w, f.Code, body)
}

func defaultDescription(f Failure) string {
	switch f.Code {
	case http.StatusTooManyRequests:
		return fmt.Sprintf("Too Many Requests: retry after %d", f.RetryAfter)
	case http.StatusForbidden:
		return "Forbidden: bot was blocked by the user"
	case http.StatusBadRequest:
		return "Bad Request: chat not found"
	case http.StatusNotFound:
		return "Not Found"
	}
	return fmt.Sprintf("Internal Server Error (%d)", f.Code)
}

func writeJSON(w http.ResponseWriter, code int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}

// Transport is an http.RoundTripper that serves requests in-process with
// Handler, whatever their host: a client built on it needs no socket.
func (s *Server) Transport() http.RoundTripper { return inProcess{s.Handler()} }

type inProcess struct{ h http.Handler }

// RoundTrip serves req with the handler and returns its recorded answer.
func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := &recorder{header: http.Header{}, code: http.StatusOK}
	t.h.ServeHTTP(rec, req)
	return &http.Response{StatusCode: rec.code, Status: http.StatusText(rec.code), Header: rec.header,
		Body: io.NopCloser(&rec.body), ContentLength: int64(rec.body.Len()), Request: req,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
}

// recorder is the http.ResponseWriter of an in-process call (the binary
// links this package for its benchmarks, so net/http/httptest is not used).
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
func (r *recorder) WriteHeader(code int)        { r.code = code }
