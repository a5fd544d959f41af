package telegram

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/chatmsg"
	"treembot/locales"
)

// menuLanguages are the language_code values the menu is registered
// under; "" is what clients in any other language see.
var menuLanguages = []string{"", locales.VI, locales.EN}

// registerMenu sets the command menu everyone sees (the commands without
// roles, such as /start and /help) in the default scope and in all private
// chats, in each menu language; clients in another language see it in the
// default language (BOT_DEFAULT_LANG).
func (a *Adapter) registerMenu(ctx context.Context) error {
	var errs []error
	scopes := []tgbotapi.BotCommandScope{
		tgbotapi.NewBotCommandScopeDefault(),
		tgbotapi.NewBotCommandScopeAllPrivateChats(),
	}
	for _, scope := range scopes {
		for _, code := range menuLanguages {
			lang := code
			if lang == "" {
				lang = a.lang
			}
			errs = append(errs, a.setCommands(ctx, scope, code, "", lang))
		}
	}
	return errors.Join(errs...)
}

// SetChatMenu shows one private chat the commands of role as well as those
// for everyone, described in lang (the person's language in the bot,
// whatever their client's). Telegram has no per-role scope, so the router
// calls this when a person joins or changes role or language. The chat's
// menu is set for every menu language, so that it wins over the
// language-specific menus of all private chats.
func (a *Adapter) SetChatMenu(ctx context.Context, chatID, role, lang string) error {
	id, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil {
		return fmt.Errorf("set chat menu: chat id %q: %w", chatID, err)
	}
	scope := tgbotapi.NewBotCommandScopeChat(id)
	var errs []error
	for _, code := range menuLanguages {
		errs = append(errs, a.setCommands(ctx, scope, code, role, locales.NormaliseLang(lang, a.lang)))
	}
	return errors.Join(errs...)
}

// setCommands registers, under scope and language_code code, the commands
// of role described in lang.
func (a *Adapter) setCommands(ctx context.Context, scope tgbotapi.BotCommandScope, code, role, lang string) error {
	cmds := commandsFor(a.menu, role, lang)
	if len(cmds) == 0 {
		return nil
	}
	cfg := tgbotapi.SetMyCommandsConfig{Commands: cmds, Scope: &scope, LanguageCode: code}
	if resp, err := a.request(ctx, cfg, requestTimeout); err != nil {
		se := a.classify("setMyCommands", resp, err)
		return fmt.Errorf("set commands (scope %s, language %q): %w", scope.Type, code, se)
	}
	return nil
}

// commandsFor lists the menu entries for role ("" = only those for
// everyone) described in lang.
func commandsFor(menu []chatmsg.MenuCommand, role, lang string) []tgbotapi.BotCommand {
	var out []tgbotapi.BotCommand
	for _, c := range menu {
		if len(c.Roles) > 0 && (role == "" || !slices.Contains(c.Roles, role)) {
			continue
		}
		out = append(out, tgbotapi.BotCommand{Command: c.Name, Description: describe(c, lang)})
	}
	return out
}

// describe picks a command's description in lang, falling back to the
// other language and then to its name: Telegram refuses an empty one.
func describe(c chatmsg.MenuCommand, lang string) string {
	for _, l := range []string{lang, locales.VI, locales.EN} {
		if d := c.Description[l]; d != "" {
			return d
		}
	}
	return "/" + c.Name
}
