package terminal

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/locales"
)

// Channel is the channel name stored with terminal identities.
const Channel = "terminal"

// maxLine bounds one input line; longer lines are still read whole by
// the scanner's buffer and handed to the bot, which answers politely.
const maxLine = 64 * 1024

// Config says who is typing and where output goes.
type Config struct {
	UserID  string // the identity's external id, e.g. demo-collaborator-vq-xl-01
	Name    string
	Lang    string
	In      io.Reader
	Out     io.Writer
	Echo    bool   // print each input line (useful when stdin is a script)
	Prompt  string // shown before each line when interactive
	FileDir string // where documents and photos are written
	Catalog *locales.Catalog
}

// Terminal is one terminal session; it also implements chatmsg.Sender so
// reminders can be shown in it.
type Terminal struct {
	cfg  Config
	mu   sync.Mutex
	last []chatmsg.Message // replies to the previous line, for numbered buttons
}

// New returns a terminal session.
func New(cfg Config) *Terminal {
	if cfg.FileDir == "" {
		cfg.FileDir = filepath.Join("data", "out")
	}
	return &Terminal{cfg: cfg}
}

// Run greets the user with /start, then feeds each input line to h until
// the input ends or ctx is cancelled.
func (t *Terminal) Run(ctx context.Context, h chatmsg.Handler) error {
	if err := t.handle(ctx, h, t.update("/start", chatmsg.KindMessage)); err != nil {
		return err
	}
	sc := bufio.NewScanner(t.cfg.In)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	for {
		if t.cfg.Prompt != "" {
			fmt.Fprint(t.cfg.Out, t.cfg.Prompt)
		}
		if !sc.Scan() {
			return sc.Err()
		}
		if ctx.Err() != nil {
			return nil
		}
		line := sc.Text()
		if t.cfg.Echo {
			fmt.Fprintf(t.cfg.Out, "> %s\n", line)
		}
		if err := t.handle(ctx, h, t.toUpdate(line)); err != nil {
			return err
		}
	}
}

func (t *Terminal) handle(ctx context.Context, h chatmsg.Handler, upd chatmsg.Update) error {
	msgs, err := h.Handle(ctx, upd)
	if err != nil {
		// The router already logged it; the person sees a plain apology.
		fmt.Fprintln(t.cfg.Out, t.cfg.Catalog.T(t.cfg.Lang, "terminal_error"))
		return nil
	}
	t.mu.Lock()
	t.last = msgs
	t.mu.Unlock()
	for _, m := range msgs {
		if err := t.Send(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// toUpdate turns a typed line into a message, or into a button press when
// it names a button of the last reply (by number, where numbers may stand
// for buttons, or by its label).
func (t *Terminal) toUpdate(line string) chatmsg.Update {
	t.mu.Lock()
	defer t.mu.Unlock()
	if b, ok := channel.MatchButton(t.last, line); ok {
		return t.update(b.Data, chatmsg.KindCallback)
	}
	return t.update(line, chatmsg.KindMessage)
}

func (t *Terminal) update(text string, kind chatmsg.UpdateKind) chatmsg.Update {
	return chatmsg.Update{Channel: Channel, ChatID: t.cfg.UserID, UserID: t.cfg.UserID,
		UserName: t.cfg.Name, LangCode: t.cfg.Lang, Kind: kind, Text: text}
}

// Send prints one message; files are written to FileDir.
func (t *Terminal) Send(_ context.Context, m chatmsg.Message) error {
	var b strings.Builder
	b.WriteString(m.Text + channel.ButtonLines(m))
	for _, f := range []*chatmsg.File{m.Document, m.Photo} {
		if f == nil {
			continue
		}
		path, err := t.writeFile(f)
		if err != nil {
			return err
		}
		b.WriteString("\n" + t.cfg.Catalog.T(t.cfg.Lang, "terminal_file_saved", map[string]any{"Path": path}))
	}
	_, err := fmt.Fprintln(t.cfg.Out, strings.TrimLeft(b.String(), "\n")+"\n")
	return err
}

func (t *Terminal) writeFile(f *chatmsg.File) (string, error) {
	if err := os.MkdirAll(t.cfg.FileDir, 0o755); err != nil {
		return "", fmt.Errorf("create output folder: %w", err)
	}
	path := filepath.Join(t.cfg.FileDir, filepath.Base(f.Name))
	if err := os.WriteFile(path, f.Bytes, 0o644); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}
