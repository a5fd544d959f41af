package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Reminder rule kinds: who gets the message and what it says.
const (
	// RuleDue reminds whoever still owes a report before the deadline (a
	// returned report gets the "please fix" wording instead).
	RuleDue = "due"
	// RuleFix reminds the reporters of a returned report after the deadline.
	RuleFix = "fix"
	// RuleOverdue alerts the responsible officials once the deadline passed.
	RuleOverdue = "overdue"
	// RuleDigest is the officials' repeated summary of who is still missing.
	RuleDigest = "digest"
)

// ReminderRule is one reminder or escalation rule, kept as data so an admin
// can move or switch it off. A rule fires on the day OffsetDays after the
// period's deadline day (negative: before), and then every RepeatDays days
// (0: once), at SendFrom local time; it is only sent between SendFrom and
// SendUntil.
type ReminderRule struct {
	ID         uint   `gorm:"primaryKey"`
	Code       string `gorm:"size:32;uniqueIndex;not null"`
	Kind       string `gorm:"size:16;not null"`
	OffsetDays int    `gorm:"not null"`
	RepeatDays int    `gorm:"not null"`
	SendFrom   string `gorm:"size:5;not null"` // "07:30"
	SendUntil  string `gorm:"size:5;not null"` // "20:30"
	// OfficeCodes lists (comma-separated) the offices whose officials are
	// alerted about communes: "LDTBXH".
	OfficeCodes string `gorm:"size:255;not null"`
	// Active has no database default on purpose: gorm would write the
	// default instead of an explicit false.
	Active    bool `gorm:"not null"`
	UpdatedAt time.Time
}

// Default sending hours, local time.
const (
	DefaultSendFrom  = "07:30"
	DefaultSendUntil = "20:30"
)

// DefaultReminderRules are the rules Seed adds when missing: reminders 14,
// 7, 3 and 1 days before the deadline and on its morning; a weekly "please
// fix" after it for returned reports; the overdue alert the day after and
// then a weekly digest.
func DefaultReminderRules() []ReminderRule {
	mk := func(code, kind string, offset, repeat int) ReminderRule {
		r := ReminderRule{Code: code, Kind: kind, OffsetDays: offset, RepeatDays: repeat,
			SendFrom: DefaultSendFrom, SendUntil: DefaultSendUntil, Active: true}
		if kind == RuleOverdue || kind == RuleDigest {
			r.OfficeCodes = "LDTBXH"
		}
		return r
	}
	return []ReminderRule{
		mk("due_14", RuleDue, -14, 0), mk("due_7", RuleDue, -7, 0), mk("due_3", RuleDue, -3, 0),
		mk("due_1", RuleDue, -1, 0), mk("due_0", RuleDue, 0, 0),
		mk("fix_weekly", RuleFix, 1, 7),
		mk("overdue_1", RuleOverdue, 1, 0), mk("digest_weekly", RuleDigest, 8, 7),
	}
}

// seedReminderRules adds the default rules that do not exist yet; rules an
// admin changed are left alone.
func seedReminderRules(tx *gorm.DB) error {
	rules := DefaultReminderRules()
	err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "code"}}, DoNothing: true}).Create(&rules).Error
	if err != nil {
		return fmt.Errorf("seed reminder rules: %w", err)
	}
	return nil
}

// ReminderRules lists every rule, active or not, by code.
func (s *Store) ReminderRules(ctx context.Context) ([]ReminderRule, error) {
	var rules []ReminderRule
	if err := s.db.WithContext(ctx).Order("code").Find(&rules).Error; err != nil {
		return nil, fmt.Errorf("list reminder rules: %w", err)
	}
	return rules, nil
}

// SaveReminderRule creates a rule or, when its code exists, changes it.
func (s *Store) SaveReminderRule(ctx context.Context, r ReminderRule) error {
	if err := ValidateReminderRule(r); err != nil {
		return err
	}
	r.ID, r.UpdatedAt = 0, dbTime(s.clock())
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "code"}},
		DoUpdates: clause.AssignmentColumns([]string{"kind", "offset_days", "repeat_days", "send_from",
			"send_until", "office_codes", "active", "updated_at"}),
	}).Create(&r).Error
	if err != nil {
		return fmt.Errorf("save reminder rule %q: %w", r.Code, err)
	}
	return nil
}

// ValidateReminderRule checks a rule an admin wrote, naming the field.
func ValidateReminderRule(r ReminderRule) error {
	from, errFrom := ParseClock(r.SendFrom)
	until, errUntil := ParseClock(r.SendUntil)
	switch {
	case r.Code == "" || len(r.Code) > 32 || strings.ContainsAny(r.Code, "/ "):
		return fmt.Errorf("reminder rule %q: code must be 1-32 characters without '/' or spaces", r.Code)
	case r.Kind != RuleDue && r.Kind != RuleFix && r.Kind != RuleOverdue && r.Kind != RuleDigest:
		return fmt.Errorf("reminder rule %q: kind %q is not due, fix, overdue or digest", r.Code, r.Kind)
	case r.RepeatDays < 0:
		return fmt.Errorf("reminder rule %q: repeat_days must not be negative", r.Code)
	case errFrom != nil:
		return fmt.Errorf("reminder rule %q: send_from: %w", r.Code, errFrom)
	case errUntil != nil:
		return fmt.Errorf("reminder rule %q: send_until: %w", r.Code, errUntil)
	case until <= from:
		return fmt.Errorf("reminder rule %q: send_until %s is not after send_from %s", r.Code, r.SendUntil, r.SendFrom)
	}
	return nil
}

// ParseClock reads a local time of day "HH:MM" (00:00-24:00) as minutes
// after midnight. It is hand-written because the planner calls it for
// every rule on every pass.
func ParseClock(s string) (int, error) {
	digit := func(i int) int { return int(s[i] - '0') }
	ok := len(s) == 5 && s[2] == ':'
	for _, i := range []int{0, 1, 3, 4} {
		ok = ok && s[i] >= '0' && s[i] <= '9'
	}
	if ok {
		h, m := digit(0)*10+digit(1), digit(3)*10+digit(4)
		if m < 60 && (h < 24 || h == 24 && m == 0) {
			return h*60 + m, nil
		}
	}
	return 0, fmt.Errorf("%q is not a time of day like 07:30", s)
}

// ReminderPerson is a user reminders may go to, with their identities.
type ReminderPerson struct {
	User
	OfficeCode string
	Identities []Identity
}

// ReminderAudience is everyone reminders and alerts may concern: the
// active reporters, officers and officials with their identities, the
// whole unit tree (for scopes and names), the offices (for their names)
// and, per form, the offices owning an indicator computed from it.
type ReminderAudience struct {
	People  []ReminderPerson
	Units   []OrgUnit
	Offices []Office
	// FormOwners maps a form id to the codes of the offices owning an
	// indicator with a part sourced from that form (IndicatorPart.SourceForm).
	FormOwners map[string][]string
}

// ReminderAudience loads the active users in the roles reminders concern,
// their identities and every unit.
func (s *Store) ReminderAudience(ctx context.Context) (ReminderAudience, error) {
	var aud ReminderAudience
	db := s.db.WithContext(ctx)
	roles := []string{RoleCollaborator, RoleCommuneOfficer, RoleOfficial}
	people, err := audiencePeople(db, roles)
	if err != nil {
		return aud, fmt.Errorf("reminder audience: %w", err)
	}
	if err := attachIdentities(db, roles, people); err != nil {
		return aud, fmt.Errorf("reminder audience identities: %w", err)
	}
	aud.People = people
	if aud.Units, err = audienceUnits(db); err != nil {
		return aud, fmt.Errorf("reminder audience units: %w", err)
	}
	if err := db.Order("code").Find(&aud.Offices).Error; err != nil {
		return aud, fmt.Errorf("reminder audience offices: %w", err)
	}
	if aud.FormOwners, err = formOwners(db); err != nil {
		return aud, fmt.Errorf("reminder audience owners: %w", err)
	}
	return aud, nil
}

// SubmissionStatus is the status of one unit's report on one form for one
// period.
type SubmissionStatus struct {
	UnitID   uint
	PeriodID uint
	FormID   string
	Status   string
}

// SubmissionStatuses lists the status of the head of every report on the
// forms for the given periods (a correction draft beside a counted version
// is not listed: the counted version is).
func (s *Store) SubmissionStatuses(ctx context.Context, periodIDs []uint, formIDs []string) ([]SubmissionStatus, error) {
	var out []SubmissionStatus
	if len(periodIDs) == 0 || len(formIDs) == 0 {
		return out, nil
	}
	err := s.db.WithContext(ctx).Model(&Submission{}).Select("unit_id", "period_id", "form_id", "status").
		Where("period_id IN ? AND form_id IN ?", periodIDs, formIDs).Scopes(headsWhere).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("submission statuses: %w", err)
	}
	return out, nil
}
