package fakeapi

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// AddUpdate queues u for getUpdates under the next update id (Telegram's
// ids only grow), which it returns. A button press on a message this
// server delivered carries that message's current text and keyboard, as
// Telegram's do.
func (s *Server) AddUpdate(u tgbotapi.Update) int {
	if q := u.CallbackQuery; q != nil && q.Message != nil && q.Message.Chat != nil {
		s.fillMessage(q.Message)
	}
	raw, err := json.Marshal(u)
	if err != nil {
		panic(fmt.Sprintf("fakeapi: marshal update: %v", err))
	}
	id, err := s.AddRawUpdate(raw)
	if err != nil {
		panic(err)
	}
	return id
}

// fillMessage copies the stored state of the message m names into m.
func (s *Server) fillMessage(m *tgbotapi.Message) {
	for _, sent := range s.Received(m.Chat.ID) {
		if sent.MessageID != m.MessageID {
			continue
		}
		m.Text, m.Entities, m.ReplyMarkup = sent.Text, nil, nil
		if sent.ParseMode == tgbotapi.ModeHTML {
			// Telegram gives the text without markup, its formatting
			// as entities (the only markup treembot sends is <pre>).
			if inner, ok := strings.CutPrefix(sent.Text, "<pre>"); ok {
				m.Entities = []tgbotapi.MessageEntity{{Type: "pre"}}
				sent.Text = strings.TrimSuffix(inner, "</pre>")
			}
			m.Text = html.UnescapeString(sent.Text)
		}
		if len(sent.Keyboard) > 0 {
			m.ReplyMarkup = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: sent.Keyboard}
		}
	}
}

// AddRawUpdate queues a JSON update (a recorded payload) under the next
// update id, replacing the one it carries, and returns that id.
func (s *Server) AddRawUpdate(raw []byte) (int, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return 0, fmt.Errorf("fakeapi: update is not a JSON object: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastID++
	fields["update_id"] = json.RawMessage(strconv.Itoa(s.lastID))
	out, _ := json.Marshal(fields)
	s.updates = append(s.updates, queued{id: s.lastID, raw: out})
	close(s.arrived)
	s.arrived = make(chan struct{})
	return s.lastID, nil
}

// Confirmed is the highest getUpdates offset received: every update below
// it is acknowledged (and forgotten, as Telegram does).
func (s *Server) Confirmed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offset
}

// FailChat makes every send to chatID fail with f until HealChat.
func (s *Server) FailChat(chatID int64, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failChat[chatID] = f
}

// HealChat ends FailChat for chatID.
func (s *Server) HealChat(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.failChat, chatID)
}

// TB is the part of testing.TB that WaitFor uses, so that this package
// need not import testing.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// WaitFor polls cond until it holds, failing the test after 10 seconds.
func (s *Server) WaitFor(t TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("fakeapi: timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *Server) getUpdates(r *http.Request, call Call) []json.RawMessage {
	offset, _ := strconv.Atoi(call.Params["offset"])
	timeout, _ := strconv.Atoi(call.Params["timeout"])
	limit, _ := strconv.Atoi(call.Params["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	deadline := time.Now().Add(min(time.Duration(timeout)*time.Second, s.PollWait))
	for {
		batch, arrived := s.batch(offset, limit)
		wait := time.Until(deadline)
		if len(batch) > 0 || wait <= 0 {
			return batch
		}
		select {
		case <-arrived:
		case <-time.After(wait):
		case <-r.Context().Done():
			return batch
		}
	}
}

// batch confirms everything below offset and returns what follows it.
func (s *Server) batch(offset, limit int) ([]json.RawMessage, chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if offset > s.offset {
		s.offset = offset
	}
	kept := s.updates[:0]
	for _, u := range s.updates {
		if u.id >= s.offset {
			kept = append(kept, u)
		}
	}
	s.updates = kept
	out := []json.RawMessage{}
	for _, u := range s.updates {
		if len(out) == limit {
			break
		}
		out = append(out, u.raw)
	}
	return out, s.arrived
}

// firstMessageID is one below the id of the first message the server
// delivers.
const firstMessageID = 500

func (s *Server) deliver(call Call) (any, int) {
	chat, err := strconv.ParseInt(call.Params["chat_id"], 10, 64)
	if err != nil {
		return nil, http.StatusBadRequest
	}
	sent := Sent{Method: call.Method, Text: call.Params["text"], ParseMode: call.Params["parse_mode"], Time: call.Time}
	if rm := call.Params["reply_markup"]; rm != "" {
		var kb tgbotapi.InlineKeyboardMarkup
		if err := json.Unmarshal([]byte(rm), &kb); err != nil {
			return nil, http.StatusBadRequest
		}
		sent.Keyboard = kb.InlineKeyboard
	}
	for _, field := range []string{"photo", "document"} {
		if f, ok := call.Files[field]; ok {
			sent.File = &f
		}
	}
	if sent.Text == "" && sent.File == nil {
		return nil, http.StatusBadRequest
	}
	sent = s.Deliver(chat, func(seq, _ int) Sent {
		sent.MessageID = firstMessageID + seq
		return sent
	})
	return message(chat, sent), 0
}

func (s *Server) edit(call Call) (any, int) {
	chat, err1 := strconv.ParseInt(call.Params["chat_id"], 10, 64)
	id, err2 := strconv.Atoi(call.Params["message_id"])
	if err1 != nil || err2 != nil {
		return nil, http.StatusBadRequest
	}
	var kb tgbotapi.InlineKeyboardMarkup
	if rm := call.Params["reply_markup"]; rm != "" && json.Unmarshal([]byte(rm), &kb) != nil {
		return nil, http.StatusBadRequest
	}
	var edited any
	s.Change(chat, func(msgs []Sent) {
		for i := range msgs {
			if msgs[i].MessageID != id {
				continue
			}
			msgs[i].Keyboard = kb.InlineKeyboard
			if call.Method == "editMessageText" {
				msgs[i].Text, msgs[i].ParseMode = call.Params["text"], call.Params["parse_mode"]
			}
			edited = message(chat, msgs[i])
			return
		}
	})
	if edited == nil {
		return nil, http.StatusBadRequest
	}
	return edited, 0
}

// message is the Bot API Message object returned for a sent message.
func message(chat int64, sent Sent) map[string]any {
	chatType := "private"
	if chat < 0 {
		chatType = "group"
	}
	m := map[string]any{
		"message_id": sent.MessageID, "date": sent.Time.Unix(),
		"from": map[string]any{"id": 7012345678, "is_bot": true, "first_name": "Trẻ em", "username": BotUserName},
		"chat": map[string]any{"id": chat, "type": chatType},
	}
	if sent.Text != "" {
		m["text"] = sent.Text
	}
	if len(sent.Keyboard) > 0 {
		m["reply_markup"] = map[string]any{"inline_keyboard": sent.Keyboard}
	}
	return m
}

func readUpload(fh *multipart.FileHeader) (File, error) {
	f, err := fh.Open()
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	return File{Name: fh.Filename, Bytes: b}, err
}
