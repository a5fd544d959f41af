package storage

import "time"

// Roles a user can hold; a role's scope is its home unit's subtree.
const (
	RoleCollaborator   = "collaborator"
	RoleCommuneOfficer = "commune_officer"
	RoleOfficial       = "official"
	RoleAdmin          = "admin"
)

// Submission statuses.
const (
	StatusDraft     = "draft"
	StatusSubmitted = "submitted"
	StatusReturned  = "returned"
	StatusApproved  = "approved"
	// StatusSuperseded is a version that a newer submitted version
	// replaced: kept, with its values, for the history; never counted.
	StatusSuperseded = "superseded"
)

// Period kinds.
const (
	PeriodSixMonthly = "six_monthly"
	PeriodYearly     = "yearly"
)

// Unit levels. The tree does not assume a fixed depth: levels are labels.
const (
	LevelProvince = "province"
	LevelDistrict = "district"
	LevelCommune  = "commune"
	LevelVillage  = "village"
)

// Office is a district office that owns indicators (LDTBXH, GDDT, ...).
type Office struct {
	ID     uint   `gorm:"primaryKey"`
	Code   string `gorm:"size:32;uniqueIndex;not null"`
	NameVI string `gorm:"size:255;not null"`
	NameEN string `gorm:"size:255;not null"`
}

// OrgUnit is one node of the administrative tree (district, commune,
// village, ...). Path is the materialised path of IDs ("/1/4/17/") so a
// subtree is one LIKE query; it is rewritten when a unit is re-parented.
type OrgUnit struct {
	ID       uint   `gorm:"primaryKey"`
	Code     string `gorm:"size:64;uniqueIndex;not null"`
	Name     string `gorm:"size:255;not null"`
	Level    string `gorm:"size:32;not null;index"`
	ParentID *uint  `gorm:"index"`
	Path     string `gorm:"size:1024;not null;index"`
	Area     string `gorm:"size:16;not null;default:rural"` // rural | urban (indicator 4c)
	Active   bool   `gorm:"not null;default:true"`
	// MergedIntoID records a 2025-style merger: history stays with the old
	// unit, new reports go to the unit it was merged into, which is also
	// its parent from then on (so its reports roll up into it).
	MergedIntoID *uint
	// StartsOn is the first day a unit made by a merger takes reports (nil:
	// always did); EndsOn the first day a merged or closed unit no longer
	// does (nil: still does). Both are 00:00 local, like a period's days.
	StartsOn  *time.Time
	EndsOn    *time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// User is a person who talks to the bot.
type User struct {
	ID        uint   `gorm:"primaryKey"`
	Name      string `gorm:"size:255;not null"`
	Role      string `gorm:"size:32;not null;index"`
	UnitID    uint   `gorm:"not null;index"`
	OfficeID  *uint  `gorm:"index"`
	Language  string `gorm:"size:8;not null;default:vi"`
	Active    bool   `gorm:"not null;default:true"`
	CreatedAt time.Time
	UpdatedAt time.Time
	// Title is how the bot addresses the person: TitleAnh, TitleChi, or ""
	// (not chosen: "anh/chị"). Asked at joining, changed with /xungho.
	Title string `gorm:"size:8;not null;default:''"`
}

// How a user may be addressed (User.Title).
const (
	TitleAnh = "anh"
	TitleChi = "chi"
)

// Identity binds a user to an account on one channel (Telegram user id,
// Zalo id, terminal name). Inactive means the channel refused delivery
// (e.g. the user blocked the bot).
type Identity struct {
	ID         uint   `gorm:"primaryKey"`
	UserID     uint   `gorm:"not null;index"`
	Channel    string `gorm:"size:16;not null;uniqueIndex:idx_identity_channel_ext"`
	ExternalID string `gorm:"size:128;not null;uniqueIndex:idx_identity_channel_ext"`
	ChatID     string `gorm:"size:128;not null"`
	Active     bool   `gorm:"not null;default:true"`
	LastSeenAt *time.Time
	CreatedAt  time.Time
}

// Invite is a single-use code that lets one person join with a role and a
// unit.
type Invite struct {
	ID        uint   `gorm:"primaryKey"`
	Code      string `gorm:"size:64;uniqueIndex;not null"`
	Role      string `gorm:"size:32;not null"`
	UnitID    uint   `gorm:"not null"`
	OfficeID  *uint
	ExpiresAt time.Time `gorm:"not null"`
	UsedAt    *time.Time
	UsedBy    *uint
	CreatedBy *uint
	CreatedAt time.Time
}

// DataElement is one figure a form collects (a count, a yes/no, a text).
type DataElement struct {
	ID      uint   `gorm:"primaryKey"`
	Code    string `gorm:"size:64;uniqueIndex;not null"`
	LabelVI string `gorm:"size:512;not null"`
	LabelEN string `gorm:"size:512;not null"`
	Type    string `gorm:"size:16;not null"` // count | decimal | yesno | choice | text
	Min     *float64
	Max     *float64
	// OfficeCode names who collects it: "" for the commune form.
	OfficeCode string `gorm:"size:32;not null;default:''"`
	// Sensitive counts from 1 to SuppressBelow-1 are hidden from those
	// who may not see them (migration 0008).
	Sensitive     bool `gorm:"not null;default:false"`
	SuppressBelow int  `gorm:"not null;default:5"`
}

// Indicator is one of the plan's 24 chỉ tiêu.
type Indicator struct {
	ID         uint   `gorm:"primaryKey"`
	Code       string `gorm:"size:8;uniqueIndex;not null"` // "1", "3", "17"
	NameVI     string `gorm:"size:512;not null"`
	NameEN     string `gorm:"size:512;not null"`
	OfficeCode string `gorm:"size:32;not null;index"`
	SortOrder  int    `gorm:"not null"`
}

// IndicatorPart is a measurable part of an indicator ("3a", "4c-urban"):
// a rate Σnumerator/Σdenominator × Multiplier, compared with targets.
type IndicatorPart struct {
	ID            uint   `gorm:"primaryKey"`
	Code          string `gorm:"size:16;uniqueIndex;not null"`
	IndicatorCode string `gorm:"size:8;not null;index"`
	NameVI        string `gorm:"size:512;not null"`
	NameEN        string `gorm:"size:512;not null"`
	Unit          string `gorm:"size:32;not null"` // percent | per_1000 | count
	// NumeratorCode and DenominatorCode are data element codes.
	// DenominatorCode "" with Unit count means a plain sum; "units" means
	// the number of reporting units (e.g. % of communes meeting a standard).
	NumeratorCode   string  `gorm:"size:64;not null"`
	DenominatorCode string  `gorm:"size:64;not null;default:''"`
	Multiplier      float64 `gorm:"not null"`
	// Area restricts the part to rural or urban units ("" = all).
	Area string `gorm:"size:16;not null;default:''"`
	// SourceForm is the one form the part is computed from
	// ("commune_report", "office_yte"): the reporting chain's answer to
	// "who counts this", so nothing is counted twice. Seeded once; an admin
	// may change it.
	SourceForm string `gorm:"size:64;not null;default:''"`
	// Targets: Op is one of < <= = >= >; Target nil means the plan sets none;
	// Maintain2030 means the 2025 target holds in 2030.
	Target2025   *float64
	Op2025       string `gorm:"size:2;not null;default:''"`
	Target2030   *float64
	Op2030       string `gorm:"size:2;not null;default:''"`
	Maintain2030 bool   `gorm:"not null;default:false"`
	SortOrder    int    `gorm:"not null"`
	// Annualise marks an event count over a population (abuse, accidents):
	// a 6-month figure is doubled, as an estimate for the year, before it
	// is judged against the plan's annual target.
	Annualise bool `gorm:"not null;default:false"`
}

// Period is one reporting period: what it covers, when it is due, and the
// window in which reports are accepted.
type Period struct {
	ID       uint      `gorm:"primaryKey"`
	Code     string    `gorm:"size:16;uniqueIndex;not null"` // 2025-H1, 2025-Y
	Kind     string    `gorm:"size:16;not null"`
	Start    time.Time `gorm:"not null"` // first day covered, 00:00 local
	End      time.Time `gorm:"not null"` // last day covered, 00:00 local
	Deadline time.Time `gorm:"not null"` // last day to submit, 00:00 local
	OpensAt  time.Time `gorm:"not null"` // reports accepted from
	ClosesAt time.Time `gorm:"not null"` // reports accepted until (late ones too)
	// VillageLeadDays is how many days before Deadline the villages'
	// reports are due to their commune officer, who needs time to check
	// them before the commune's own deadline.
	VillageLeadDays int `gorm:"not null;default:5"`
}

// Submission is one version of a unit's report for one period on one
// form. Versions of one report share (unit, period, form): at most one is
// the head (counted when submitted or approved; or returned; or the first
// draft) and at most one is a later draft, the correction in progress;
// every older one is superseded.
type Submission struct {
	ID          uint   `gorm:"primaryKey"`
	UnitID      uint   `gorm:"not null;uniqueIndex:idx_submission_version"`
	PeriodID    uint   `gorm:"not null;uniqueIndex:idx_submission_version;index"`
	FormID      string `gorm:"size:64;not null;uniqueIndex:idx_submission_version"`
	Status      string `gorm:"size:16;not null;index"`
	Version     int    `gorm:"not null;default:1;uniqueIndex:idx_submission_version"`
	Reference   string `gorm:"size:32;not null;default:''"` // receipt number once submitted
	CreatedBy   uint   `gorm:"not null"`
	SubmittedBy *uint
	SubmittedAt *time.Time
	ReturnNote  string `gorm:"size:1024;not null;default:''"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// FirstSubmittedAt is when the report's first version was sent: what
	// timeliness counts, so a correction or a resend after a return does
	// not make a report sent on time late.
	FirstSubmittedAt *time.Time
	// PendingAnswer is an answer the bot asked back and the person has not
	// confirmed yet (the engine's pending state, JSON), kept with the draft
	// so that a reply "1" or "không" after a lost session confirms or
	// refuses it instead of being stored as a figure. "" when none.
	PendingAnswer string `gorm:"type:text;not null;default:''"`
}

// DataValue is one answer within a submission, kept in canonical form:
// numbers as "1234.5", yes/no as "1"/"0", choices as their code, text as
// typed. An empty Value is an optional question deliberately skipped.
type DataValue struct {
	ID           uint   `gorm:"primaryKey"`
	SubmissionID uint   `gorm:"not null;uniqueIndex:idx_value_key"`
	ElementCode  string `gorm:"size:64;not null;uniqueIndex:idx_value_key;index"`
	Value        string `gorm:"type:text;not null"`
	UpdatedBy    uint   `gorm:"not null"`
	UpdatedAt    time.Time
}

// AuditEntry records one change: who, what, old value, new value, when,
// through which channel.
type AuditEntry struct {
	ID       uint      `gorm:"primaryKey"`
	At       time.Time `gorm:"not null;index"`
	UserID   uint      `gorm:"not null;index"`
	Channel  string    `gorm:"size:16;not null"`
	Action   string    `gorm:"size:32;not null"` // value_set, value_cleared, submitted, reopened, invite_used ...
	Entity   string    `gorm:"size:32;not null"` // submission, data_value, invite, user
	EntityID uint      `gorm:"not null"`
	Field    string    `gorm:"size:64;not null;default:''"`
	OldValue string    `gorm:"type:text;not null;default:''"`
	NewValue string    `gorm:"type:text;not null;default:''"`
}
