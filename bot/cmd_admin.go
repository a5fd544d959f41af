package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"treembot/locales"
	"treembot/storage"
)

// inviteRoles maps what an admin may type to a role.
var inviteRoles = map[string]string{
	"collaborator": storage.RoleCollaborator, "ctv": storage.RoleCollaborator,
	"officer": storage.RoleCommuneOfficer, "commune_officer": storage.RoleCommuneOfficer,
	"official": storage.RoleOfficial, "admin": storage.RoleAdmin,
}

// reopenedFor is how long a period reopened after it closed accepts
// reports again.
const reopenedFor = 30 * 24 * time.Hour

// adminReady answers politely when the admin commands are not wired.
func (r *Router) adminReady(req *request) []Message {
	if r.ReportStore == nil {
		return r.reply(req, "reports_unavailable")
	}
	return nil
}

// cmdInvite makes one invite code: "/invite ROLE UNIT [OFFICE]".
func (r *Router) cmdInvite(ctx context.Context, req *request, args string) ([]Message, error) {
	if msgs := r.adminReady(req); msgs != nil {
		return msgs, nil
	}
	f := strings.Fields(args)
	role := ""
	if len(f) > 0 {
		role = inviteRoles[strings.ToLower(f[0])]
	}
	if role == "" || len(f) < 2 || len(f) > 3 || (role == storage.RoleOfficial) != (len(f) == 3) {
		return r.reply(req, "reports_invite_usage"), nil
	}
	home, err := r.Store.Unit(ctx, req.user.UnitID)
	if err != nil {
		return nil, fmt.Errorf("home unit: %w", err)
	}
	unit, msgs, err := r.unitInScope(ctx, req, home, strings.ToUpper(f[1]))
	if unit == nil {
		return msgs, err
	}
	office := ""
	if len(f) == 3 {
		office = strings.ToUpper(f[2])
	}
	invites, err := r.ReportStore.CreateInvites(ctx, storage.InviteRequest{Role: role, UnitCode: unit.Code,
		OfficeCode: office, Count: 1, Now: req.now, CreatedBy: req.user.ID})
	var misplaced *storage.RoleLevelError
	if errors.Is(err, storage.ErrNotFound) && office != "" {
		return r.officeUnknown(ctx, req, office)
	} else if errors.As(err, &misplaced) {
		return r.reply(req, "reports_invite_wrong_level", map[string]any{"Role": r.t(req, "bot_role_"+role),
			"Unit": unit.Name, "Where": r.t(req, "reports_role_sits_"+role)}), nil
	} else if err != nil {
		return nil, fmt.Errorf("create invite: %w", err)
	}
	inv := invites[0]
	link := ""
	if r.BotLink != nil {
		link = r.BotLink(inv.Code)
	}
	return r.reply(req, "reports_invite_done", map[string]any{"Role": r.t(req, "bot_role_"+role), "Unit": unit.Name,
		"Code": storage.FormatInviteCode(inv.Code), "Expires": locales.FormatDate(inv.ExpiresAt, r.Zone), "Link": link}), nil
}

func (r *Router) officeUnknown(ctx context.Context, req *request, code string) ([]Message, error) {
	offices, err := r.ReportStore.Offices(ctx)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(offices))
	for i, o := range offices {
		codes[i] = o.Code
	}
	return r.reply(req, "reports_invite_office_unknown", map[string]any{"Code": trimArg(code), "Codes": strings.Join(codes, ", ")}), nil
}

// cmdPeriod opens or closes a reporting period: "/period open 2025-H1".
func (r *Router) cmdPeriod(ctx context.Context, req *request, args string) ([]Message, error) {
	if msgs := r.adminReady(req); msgs != nil {
		return msgs, nil
	}
	f := strings.Fields(args)
	if len(f) != 2 || periodActions[f[0]] == "" {
		return r.reply(req, "reports_period_usage"), nil
	}
	p, err := r.Store.PeriodByCode(ctx, strings.ToUpper(f[1]))
	if errors.Is(err, storage.ErrNotFound) {
		return r.reply(req, "reports_period_unknown", map[string]any{"Code": trimArg(f[1])}), nil
	} else if err != nil {
		return nil, fmt.Errorf("find period: %w", err)
	}
	if msgs, err := r.periodInScope(ctx, req); msgs != nil || err != nil {
		return msgs, err
	}
	data := map[string]any{"Code": p.Code, "Closes": r.until(req, p.ClosesAt),
		"At": r.moment(req, req.now), "Starts": locales.FormatDate(p.Start, r.Zone)}
	reply := changePeriod(p, periodActions[f[0]], req.now)
	if reply != "reports_period_opened" && reply != "reports_period_closed" {
		return r.reply(req, reply, data), nil
	}
	saved, err := r.ReportStore.SavePeriod(ctx, *p)
	if err != nil {
		return nil, fmt.Errorf("save period: %w", err)
	}
	r.Logger.Info("period changed by admin", "period", saved.Code, "action", periodActions[f[0]], "user", req.user.ID)
	data["Opens"] = r.moment(req, saved.OpensAt)
	data["Closes"] = r.until(req, saved.ClosesAt)
	return r.reply(req, reply, data), nil
}

// periodInScope refuses a period change to an admin whose scope does not
// cover every unit that reports in the period. Periods are shared by the
// whole unit tree, so only the admin of its one root may move them.
func (r *Router) periodInScope(ctx context.Context, req *request) ([]Message, error) {
	roots, err := r.ReportStore.RootUnits(ctx)
	if err != nil {
		return nil, fmt.Errorf("root units: %w", err)
	}
	if len(roots) == 1 && roots[0].ID == req.user.UnitID {
		return nil, nil
	}
	names := make([]string, len(roots))
	for i, u := range roots {
		names[i] = u.Name
	}
	r.Logger.Info("period change outside scope refused", "user", req.user.ID)
	return r.reply(req, "reports_period_outside_scope", map[string]any{"Roots": strings.Join(names, ", ")}), nil
}

// periodActions maps what an admin may type to "open" or "close".
var periodActions = map[string]string{"open": "open", "mo": "open", "close": "close", "dong": "close"}

// changePeriod moves p's window for action at now and names the reply.
// Opening makes the period accept reports now: from now if it had not
// opened yet, for another 30 days if it had closed. Closing stops it now.
func changePeriod(p *storage.Period, action string, now time.Time) string {
	open := !now.Before(p.OpensAt) && now.Before(p.ClosesAt)
	switch {
	case action == "open" && open:
		return "reports_period_already_open"
	case action == "open" && now.Before(p.Start):
		return "reports_period_not_started" // nothing has happened yet to report on
	case action == "open":
		if p.OpensAt.After(now) {
			p.OpensAt = now
		}
		if !p.ClosesAt.After(now) {
			p.ClosesAt = now.Add(reopenedFor)
		}
		return "reports_period_opened"
	case !open:
		return "reports_period_not_open"
	}
	p.ClosesAt = now
	if !p.OpensAt.Before(now) { // opened this very instant
		p.OpensAt = now.Add(-time.Second)
	}
	return "reports_period_closed"
}

// cmdReturn sends a submitted report back for correction and tells the
// unit's reporters: "/return VQ-XL-01 2025-H1 reason". A commune officer
// returns their villages' reports, an admin any report in their scope.
func (r *Router) cmdReturn(ctx context.Context, req *request, args string) ([]Message, error) {
	if msgs := r.adminReady(req); msgs != nil {
		return msgs, nil
	}
	f := strings.Fields(args)
	if len(f) < 3 {
		return r.reply(req, "reports_return_usage"), nil
	}
	reason := strings.TrimSpace(strings.SplitN(strings.TrimSpace(args), " ", 3)[2])
	unit, p, msgs, err := r.unitAndPeriod(ctx, req, f[0], f[1])
	if unit == nil || p == nil {
		return msgs, err
	}
	if req.user.Role == storage.RoleCommuneOfficer && unit.Level != storage.LevelVillage {
		return r.reply(req, "reports_return_villages_only"), nil
	}
	sub, err := r.ReportStore.ReturnSubmission(ctx, storage.ReturnRequest{UnitID: unit.ID, PeriodID: p.ID,
		FormID: r.formOfUnit(unit).ID, UserID: req.user.ID, Channel: req.Channel, Note: reason, Now: req.now})
	data := map[string]any{"Unit": unit.Name, "Period": p.Code}
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return r.reply(req, "reports_return_no_report", data), nil
	case errors.Is(err, storage.ErrNotSubmitted):
		return r.reply(req, "reports_return_not_submitted", data), nil
	case err != nil:
		return nil, fmt.Errorf("return report: %w", err)
	}
	notices, names, err := r.returnNotices(ctx, req, unit, p, sub)
	if err != nil {
		return nil, err
	}
	data["Notified"] = strings.Join(names, ", ")
	reply := r.t(req, "reports_return_done", data)
	if req.now.Before(p.OpensAt) || !req.now.Before(p.ClosesAt) {
		reply += "\n" + r.t(req, "reports_return_period_closed", data)
	}
	return append([]Message{{ChatID: req.ChatID, Text: reply}}, notices...), nil
}

// unitAndPeriod resolves a unit in the caller's scope and a period, or
// says politely which one is wrong.
func (r *Router) unitAndPeriod(ctx context.Context, req *request, unitCode, periodCode string) (*storage.OrgUnit, *storage.Period, []Message, error) {
	home, err := r.Store.Unit(ctx, req.user.UnitID)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("home unit: %w", err)
	}
	unit, msgs, err := r.unitInScope(ctx, req, home, strings.ToUpper(unitCode))
	if unit == nil {
		return nil, nil, msgs, err
	}
	p, err := r.Store.PeriodByCode(ctx, strings.ToUpper(periodCode))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil, r.reply(req, "reports_period_unknown", map[string]any{"Code": trimArg(periodCode)}), nil
	} else if err != nil {
		return nil, nil, nil, fmt.Errorf("find period: %w", err)
	}
	return unit, p, nil, nil
}

// returnNotices tells each reporter of the unit, in their own language, on
// the channel the admin used: the bot can only write where it is talked to.
func (r *Router) returnNotices(ctx context.Context, req *request, unit *storage.OrgUnit, p *storage.Period,
	sub *storage.Submission) ([]Message, []string, error) {
	users, err := r.ReportStore.UsersOfUnits(ctx, []uint{unit.ID})
	if err != nil {
		return nil, nil, fmt.Errorf("reporters of unit: %w", err)
	}
	by := req.user.Name
	if home, err := r.Store.Unit(ctx, req.user.UnitID); err == nil {
		by = home.Name // who sent it back, as the reporter knows them: "Xã Xuân Long"
	}
	var msgs []Message
	var names []string
	for _, u := range users {
		if !isReporter(&u) || u.ID == req.user.ID {
			continue
		}
		ids, err := r.ReportStore.IdentitiesOfUser(ctx, u.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("identities of reporter: %w", err)
		}
		lang := locales.NormaliseLang(u.Language, r.DefaultLang)
		period := locales.Capitalise(r.Catalog.PeriodName(lang, p.Kind, p.Start, p.End, r.Zone))
		text := r.Catalog.T(lang, "reports_return_notice", map[string]any{"Period": period, "Unit": unit.Name,
			"Reference": sub.Reference, "Reason": sub.ReturnNote, "By": by})
		told := false
		for _, id := range ids {
			if id.Channel == req.Channel && id.Active {
				msgs = append(msgs, Message{ChatID: id.ChatID, Text: text})
				told = true
			}
		}
		if told {
			names = append(names, u.Name)
		}
	}
	return msgs, names, nil
}
