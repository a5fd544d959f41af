package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// errMigrated is the cause of a send refused because the group became a
// supergroup (400 with parameters.migrate_to_chat_id): the chat lives on
// under a new id.
type errMigrated struct{ to int64 }

func (e errMigrated) Error() string {
	return fmt.Sprintf("group moved to supergroup %d", e.to)
}

// migratedTo returns the new chat id when err says the chat moved.
func migratedTo(err error) (string, bool) {
	var m errMigrated
	if errors.As(err, &m) && m.to != 0 {
		return strconv.FormatInt(m.to, 10), true
	}
	return "", false
}

// migration finds the new chat id in an API error, if any.
func migration(err error) error {
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) && apiErr.MigrateToChatID != 0 {
		return errMigrated{to: apiErr.MigrateToChatID}
	}
	return nil
}

// moved tells the app that chat from now lives under to, so that stored
// chat ids (identities, queued reminders) follow it.
func (a *Adapter) moved(ctx context.Context, from, to string) {
	a.log.Info("telegram: group became a supergroup", "chat_id", from, "new_chat_id", to)
	if a.onMigrate != nil {
		a.onMigrate(context.WithoutCancel(ctx), from, to)
	}
}

// inboundMigration reports the service message Telegram sends into the
// old group when it becomes a supergroup.
func inboundMigration(u tgbotapi.Update) (from, to string, ok bool) {
	m := u.Message
	if m == nil || m.Chat == nil || m.MigrateToChatID == 0 {
		return "", "", false
	}
	return strconv.FormatInt(m.Chat.ID, 10), strconv.FormatInt(m.MigrateToChatID, 10), true
}
