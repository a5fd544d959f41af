package bot

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"treembot/storage"
)

// command is one entry of the command table.
type command struct {
	name string
	// vi is the Vietnamese name, shown first in Vietnamese help and next
	// to the name in the menu ("baocao"); aliases are accepted, not shown.
	vi      string
	aliases []string
	// roles allowed to run it; empty = every joined user.
	roles []string
	run   func(r *Router, ctx context.Context, req *request, args string) ([]Message, error)
}

// reporterRoles fill in a report of the chain: the village's, the
// commune's, or their office's.
var reporterRoles = []string{storage.RoleCollaborator, storage.RoleCommuneOfficer, storage.RoleOfficial}

// returnRoles send a report back for correction: the commune officer
// their villages', an admin any in their scope.
var returnRoles = []string{storage.RoleCommuneOfficer, storage.RoleAdmin}

// commandTable is the one command table; the menu and /help derive from
// it. It is a function because its handlers refer back to it (/help).
func commandTable() []command {
	return []command{
		{name: "start", aliases: []string{"join"}, run: (*Router).cmdStart},
		{name: "help", vi: "trogiup", run: (*Router).cmdHelp},
		{name: "report", vi: "baocao", roles: reporterRoles, run: (*Router).cmdReport},
		{name: "status", vi: "tinhtrang", run: (*Router).cmdStatus},
		{name: "cancel", vi: "tamdung", aliases: []string{"huy"}, run: (*Router).cmdCancel},
		{name: "title", vi: "xungho", run: (*Router).cmdTitle},
		{name: "lang", vi: "ngonngu", run: (*Router).cmdLang},
		{name: "link", vi: "lienket", run: (*Router).cmdLink},
		{name: "reminders", vi: "lichnhac", roles: reminderAdminRoles, run: (*Router).cmdReminders},
		{name: "remind", vi: "nhac", roles: reminderAdminRoles, run: (*Router).cmdRemind},
		{name: "summary", vi: "tonghop", roles: viewerRoles, run: (*Router).cmdSummary},
		{name: "overdue", vi: "chuanop", roles: viewerRoles, run: (*Router).cmdOverdue},
		{name: "export", vi: "xuat", roles: viewerRoles, run: (*Router).cmdExport},
		{name: "chart", vi: "bieudo", roles: viewerRoles, run: (*Router).cmdChart},
		{name: "document", vi: "vanban", roles: viewerRoles, run: (*Router).cmdDocument},
		{name: "invite", vi: "moi", roles: adminRoles, run: (*Router).cmdInvite},
		{name: "period", vi: "ky", roles: adminRoles, run: (*Router).cmdPeriod},
		{name: "return", vi: "tralai", roles: returnRoles, run: (*Router).cmdReturn},
	}
}

// maxCommandLen bounds what we try to read as a command name.
const maxCommandLen = 32

// parseCommand splits "/report@treembot 2025-H1" into "report" and
// "2025-H1". Anything not starting with a slash is not a command.
func parseCommand(text string) (name, args string, ok bool) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return "", "", false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	head, _, _ = strings.Cut(head, "@")
	if head == "" || utf8.RuneCountInString(head) > maxCommandLen {
		return "", "", false
	}
	return strings.ToLower(head), strings.TrimSpace(rest), true
}

// findCommand looks a name up in the table, aliases included.
func (r *Router) findCommand(name string) *command {
	for i := range r.commands {
		c := &r.commands[i]
		if c.name == name || (c.vi != "" && c.vi == name) || slices.Contains(c.aliases, name) {
			return &r.commands[i]
		}
	}
	return nil
}

// runCommand checks the caller's role and runs the command; an unknown
// command gets the help text.
func (r *Router) runCommand(ctx context.Context, req *request, name, args string) ([]Message, error) {
	cmd := r.findCommand(name)
	if cmd == nil {
		return append(r.reply(req, "bot_unknown_command", map[string]any{"Command": "/" + name}),
			r.helpMessage(req)), nil
	}
	if len(cmd.roles) > 0 && !slices.Contains(cmd.roles, req.user.Role) {
		r.Logger.Info("command refused", "command", cmd.name, "role", req.user.Role, "chat", chatHash(req.ChatID))
		return r.reply(req, "bot_not_allowed", map[string]any{"Command": "/" + cmd.name}), nil
	}
	return cmd.run(r, ctx, req, args)
}

// Menu is the command menu for channels that show one (Telegram).
func (r *Router) Menu() []MenuCommand {
	menu := make([]MenuCommand, 0, len(r.commands))
	for _, c := range r.commands {
		menu = append(menu, MenuCommand{
			Name: c.name,
			Description: map[string]string{
				"vi": r.menuText("vi", c),
				"en": r.menuText("en", c),
			},
			Roles: c.roles,
		})
	}
	return menu
}

// menuText is a command's menu description, naming its Vietnamese alias.
func (r *Router) menuText(lang string, c command) string {
	text := r.Catalog.T(lang, "bot_cmd_"+c.name)
	if c.vi == "" {
		return text
	}
	return r.Catalog.T(lang, "bot_menu_alias", map[string]any{"Text": text, "Alias": "/" + c.vi})
}

// helpMessage lists the commands the caller may use, each with its
// Vietnamese name.
func (r *Router) helpMessage(req *request) Message {
	var b strings.Builder
	b.WriteString(r.t(req, "bot_help_intro"))
	for _, c := range r.commands {
		if len(c.roles) > 0 && !slices.Contains(c.roles, req.user.Role) {
			continue
		}
		data := map[string]any{"Name": "/" + c.name, "Alias": "/" + c.vi, "Text": r.t(req, "bot_cmd_"+c.name)}
		id := "bot_help_line"
		if c.vi == "" {
			id = "bot_help_line_plain"
		}
		b.WriteString("\n" + r.t(req, id, data))
	}
	return Message{ChatID: req.ChatID, Text: b.String()}
}

func (r *Router) cmdHelp(_ context.Context, req *request, _ string) ([]Message, error) {
	return []Message{r.helpMessage(req)}, nil
}

// cmdStart greets someone who has already joined; a new code from a joined
// user is refused politely (one account, one role).
func (r *Router) cmdStart(ctx context.Context, req *request, args string) ([]Message, error) {
	if args != "" && args != "report" {
		return r.reply(req, "bot_already_joined", map[string]any{"You": r.address(req, req.user)}), nil
	}
	unit, err := r.Store.Unit(ctx, req.user.UnitID)
	if err != nil {
		return nil, err
	}
	greeting := r.t(req, "bot_welcome_back", map[string]any{
		"You": r.address(req, req.user), "Role": r.t(req, "bot_role_"+req.user.Role), "Unit": unit.Name})
	msgs := []Message{{ChatID: req.ChatID, Text: greeting}}
	if args == "report" && slices.Contains(reporterRoles, req.user.Role) {
		more, err := r.cmdReport(ctx, req, "")
		return append(msgs, more...), err
	}
	return append(msgs, r.helpMessage(req)), nil
}

func (r *Router) cmdCancel(ctx context.Context, req *request, _ string) ([]Message, error) {
	if err := r.session(ctx).Delete(ctx, conversationKey(req.Update)); err != nil {
		return nil, err
	}
	return r.reply(req, "bot_cancelled"), nil
}

// cmdLang switches the user's language: "/lang en", or buttons.
func (r *Router) cmdLang(ctx context.Context, req *request, args string) ([]Message, error) {
	lang := strings.ToLower(strings.TrimSpace(args))
	if lang != "vi" && lang != "en" {
		return []Message{{ChatID: req.ChatID, Text: r.t(req, "bot_lang_choose"), NumberedButtons: true,
			Buttons: [][]Button{{{Label: "Tiếng Việt", Data: "lang:vi"}, {Label: "English", Data: "lang:en"}}}}}, nil
	}
	if err := r.Store.SetUserLanguage(ctx, req.user.ID, lang); err != nil {
		return nil, err
	}
	req.lang = lang
	return r.reply(req, "bot_lang_set"), nil
}
