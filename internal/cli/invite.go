package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"treembot/internal/app"
	"treembot/storage"
)

// cmdInvite prints invite codes with their join links, and optionally a
// QR code per invite for officers to print for village meetings. The
// first admin is made here, never through a chat.
func cmdInvite(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	role := fs.String("role", "", "collaborator, commune_officer (or officer), official or admin")
	unit := fs.String("unit", "", "the unit's code, e.g. VQ-XL-01")
	office := fs.String("office", "", "office code for officials, e.g. YTE")
	count := fs.Int("count", 1, "how many codes")
	expires := fs.String("expires", "30d", "validity, e.g. 30d or 48h")
	qrDir := fs.String("qr", "", "write a PNG QR code per invite into this folder")
	if err := fs.Parse(args); err != nil {
		return err
	}
	r, ok := roleAliases[*role]
	if !ok {
		return fmt.Errorf("--role must be collaborator, commune_officer, official or admin, not %q", *role)
	}
	ttl, err := parseDays(*expires)
	if err != nil {
		return err
	}
	st, err := app.OpenStore(ctx, env.cfg, env.log)
	if err != nil {
		return err
	}
	defer st.Close()
	invites, err := st.CreateInvites(ctx, storage.InviteRequest{Role: r, UnitCode: strings.ToUpper(*unit),
		OfficeCode: strings.ToUpper(*office), Count: *count, TTL: ttl, Now: time.Now()})
	if err != nil {
		return err
	}
	link := app.InviteLink(env.cfg)
	for _, inv := range invites {
		target := link(inv.Code)
		fmt.Fprintf(env.io.Out, "%s\t%s\texpires %s\n", storage.FormatInviteCode(inv.Code), target,
			inv.ExpiresAt.In(env.cfg.Zone).Format("02/01/2006 15:04"))
		if *qrDir != "" {
			if err := writeQR(*qrDir, inv.Code, target); err != nil {
				return err
			}
		}
	}
	if env.cfg.TelegramBotName == "" {
		fmt.Fprintln(env.io.Err, "set TELEGRAM_BOT_NAME to print t.me join links; meanwhile people type /start CODE")
	}
	return nil
}

// writeQR encodes the join link (or, without one, the /start command).
func writeQR(dir, code, link string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	content := link
	if content == "" {
		content = "/start " + code
	}
	path := filepath.Join(dir, "invite-"+code+".png")
	if err := qrcode.WriteFile(content, qrcode.Medium, 512, path); err != nil {
		return fmt.Errorf("write QR %s: %w", path, err)
	}
	return nil
}

// parseDays reads "30d" as well as Go durations like "48h".
func parseDays(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err == nil && n > 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, errors.New("--expires must look like 30d or 48h")
}
