package storage

import (
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// Merger notices: sent in the daytime (minutes after local midnight), and
// dropped if the bot could not send them within two weeks.
const (
	RuleUnitMerge     = "unit_merge"
	KindNotice        = "notice"
	noticeSendFrom    = 7 * 60
	noticeSendUntil   = 21 * 60
	noticeLifetime    = 14 * 24 * time.Hour
	mergeChannelAudit = "cli"
)

// unitReport is one submission of a merged unit, with its period's code
// and last day.
type unitReport struct {
	ID, UnitID, PeriodID uint
	FormID, Status       string
	Version              int
	PeriodCode           string
	PeriodEnd            time.Time
}

func reportsOf(tx *gorm.DB, unitIDs []uint) ([]unitReport, error) {
	var out []unitReport
	err := tx.Table("submissions AS s").
		Select(`s.id, s.unit_id, s.period_id, s.form_id, s.status, s.version, p.code AS period_code, p."end" AS period_end`).
		Joins("JOIN periods p ON p.id = s.period_id").Where("s.unit_id IN ?", unitIDs).Order("s.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("reports of %v: %w", unitIDs, err)
	}
	return out, nil
}

// refuseSentAfter refuses a merger that would hide a sent report: one for a
// period ending on or after On, which from then on is Into's.
func refuseSentAfter(tx *gorm.DB, from []OrgUnit, on time.Time) error {
	reports, err := reportsOf(tx, unitIDs(from))
	if err != nil {
		return err
	}
	for _, r := range reports {
		if slices.Contains(CountedStatuses, r.Status) && !r.PeriodEnd.Before(on) {
			return fmt.Errorf("%s sent its %s report for %s, which ends on or after the merger: "+
				"choose a day after %s ends", codeOf(from, r.UnitID), r.FormID, r.PeriodCode, r.PeriodCode)
		}
	}
	return nil
}

func codeOf(units []OrgUnit, id uint) string {
	if u := unitOf(units, id); u.ID != 0 {
		return u.Code
	}
	return utoa(id)
}

func unitOf(units []OrgUnit, id uint) OrgUnit {
	for _, u := range units {
		if u.ID == id {
			return u
		}
	}
	return OrgUnit{}
}

// mergeMoves moves From's people, unused invites and reports in progress
// to Into, and queues the people's notices.
func (s *Store) mergeMoves(tx *gorm.DB, req MergeRequest, from []OrgUnit, res *MergeResult) error {
	ids := unitIDs(from)
	inv := tx.Model(&Invite{}).Where("unit_id IN ? AND used_at IS NULL", ids).Update("unit_id", res.Into.ID)
	if inv.Error != nil {
		return fmt.Errorf("move invites: %w", inv.Error)
	}
	res.Invites = int(inv.RowsAffected)
	if err := moveDrafts(tx, req.On, from, res); err != nil {
		return err
	}
	var people []User
	if err := tx.Where("unit_id IN ? AND active = ?", ids, true).Order("id").Find(&people).Error; err != nil {
		return fmt.Errorf("people of %v: %w", req.From, err)
	}
	for _, u := range people {
		err := tx.Model(&User{}).Where("id = ?", u.ID).Updates(map[string]any{"unit_id": res.Into.ID, "updated_at": dbTime(req.Now)}).Error
		if err != nil {
			return fmt.Errorf("move user %d: %w", u.ID, err)
		}
		if err := audit(tx, AuditEntry{At: req.Now, Channel: mergeChannelAudit, Action: AuditUserMoved, Entity: EntityUser,
			EntityID: u.ID, Field: "unit_id", OldValue: utoa(u.UnitID), NewValue: utoa(res.Into.ID)}); err != nil {
			return err
		}
	}
	res.People = len(people)
	n, err := queueMergeNotices(tx, req, from, res.Into, people)
	res.Notices = n
	return err
}

// reportGroup is every version of one report of a merged unit.
type reportGroup struct {
	unit, period uint
	form         string
	periodCode   string
	periodEnd    time.Time
	ids          []uint
	open         bool // a draft or a returned version: in progress
}

// groupReports gathers the versions of each report, in the order of their
// first version.
func groupReports(reports []unitReport) []*reportGroup {
	type key struct {
		unit, period uint
		form         string
	}
	byKey := map[key]*reportGroup{}
	var out []*reportGroup
	for _, r := range reports {
		k := key{r.UnitID, r.PeriodID, r.FormID}
		g := byKey[k]
		if g == nil {
			g = &reportGroup{unit: r.UnitID, period: r.PeriodID, form: r.FormID, periodCode: r.PeriodCode, periodEnd: r.PeriodEnd}
			byKey[k] = g
			out = append(out, g)
		}
		g.ids = append(g.ids, r.ID)
		g.open = g.open || r.Status == StatusDraft || r.Status == StatusReturned
	}
	return out
}

// moveDrafts moves each report in progress of From for a period ending on
// or after On (every version of it) to Into, unless Into already has a
// report for that period and form; the others stay, listed in res.Kept.
func moveDrafts(tx *gorm.DB, on time.Time, from []OrgUnit, res *MergeResult) error {
	reports, err := reportsOf(tx, unitIDs(from))
	if err != nil {
		return err
	}
	taken := map[string]bool{} // period and form Into has a report of
	for _, g := range groupReports(reports) {
		kept := KeptDraft{Unit: codeOf(from, g.unit), Period: g.periodCode, Form: g.form, Before: g.periodEnd.Before(on)}
		if kept.Before {
			if g.open {
				res.Kept = append(res.Kept, kept)
			}
			continue
		}
		target := utoa(g.period) + "/" + g.form
		if !taken[target] {
			var n int64
			if err := tx.Model(&Submission{}).Where("unit_id = ? AND period_id = ? AND form_id = ?", res.Into.ID, g.period, g.form).
				Count(&n).Error; err != nil {
				return fmt.Errorf("reports of %s: %w", res.Into.Code, err)
			}
			taken[target] = n > 0
		}
		if taken[target] {
			res.Kept = append(res.Kept, kept)
			continue
		}
		if err := tx.Model(&Submission{}).Where("id IN ?", g.ids).Update("unit_id", res.Into.ID).Error; err != nil {
			return fmt.Errorf("move the report of %s: %w", kept.Unit, err)
		}
		taken[target] = true
		res.Drafts++
	}
	return nil
}

// queueMergeNotices queues one notice per moved person, on the channel
// they use now, under a key that makes it at most once.
func queueMergeNotices(tx *gorm.DB, req MergeRequest, from []OrgUnit, into OrgUnit, people []User) (int, error) {
	if req.Notice == nil || len(people) == 0 {
		return 0, nil
	}
	userIDs := make([]uint, len(people))
	for i, u := range people {
		userIDs[i] = u.ID
	}
	idents, err := preferredIdentities(tx, userIDs)
	if err != nil {
		return 0, err
	}
	var msgs []OutboxMessage
	for _, u := range people {
		id, ok := idents[u.ID]
		if !ok {
			continue // no channel to tell them on; they see the new unit at their next message
		}
		msgs = append(msgs, OutboxMessage{Key: fmt.Sprintf("%s:%d:%d", RuleUnitMerge, into.ID, u.ID),
			RuleCode: RuleUnitMerge, Kind: KindNotice, UserID: u.ID, Lang: u.Language, Channel: id.Channel,
			ExternalID: id.ExternalID, ChatID: id.ChatID, Text: req.Notice(u.Language, unitOf(from, u.UnitID), into),
			SendFrom: noticeSendFrom, SendUntil: noticeSendUntil, NextAttemptAt: req.Now, ExpiresAt: req.Now.Add(noticeLifetime)})
	}
	return enqueueOutbox(tx, msgs, req.Now)
}
