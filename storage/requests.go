package storage

import (
	"errors"
	"time"
)

// Errors callers match with errors.Is.
var (
	ErrNotFound      = errors.New("not found")
	ErrInviteUnknown = errors.New("invite code unknown")
	ErrInviteUsed    = errors.New("invite code already used")
	ErrInviteExpired = errors.New("invite code expired")
	ErrAlreadyJoined = errors.New("identity already bound to a user")
	ErrNotDraft      = errors.New("submission is not a draft")
)

// RedeemRequest asks to use an invite for a channel account.
type RedeemRequest struct {
	Code       string
	Channel    string
	ExternalID string
	ChatID     string
	Name       string
	Language   string
	Now        time.Time
}

// DraftRequest asks for a unit's editable draft.
type DraftRequest struct {
	UnitID   uint
	PeriodID uint
	FormID   string
	UserID   uint
	Channel  string
	Now      time.Time
}

// ValueChange is one value to set (Value, "" = skipped) or clear.
type ValueChange struct {
	Code  string
	Value string
	Clear bool
}

// ChangeRequest writes values of one draft submission.
type ChangeRequest struct {
	SubmissionID uint
	UserID       uint
	Channel      string
	Now          time.Time
	Changes      []ValueChange
}

// SubmitRequest submits a draft.
type SubmitRequest struct {
	SubmissionID uint
	UserID       uint
	Channel      string
	Now          time.Time
}

// SubmissionWithPeriod is a submission joined with its period, for /status.
type SubmissionWithPeriod struct {
	Submission
	Period Period
}

// ExportRow is one stored value, for `treembot export`.
type ExportRow struct {
	PeriodCode  string
	UnitCode    string
	UnitName    string
	ElementCode string
	Value       string
	Status      string
	Version     int
	SubmittedAt *time.Time
	// FormID is the form the value was answered in: several offices report
	// on the district, each in its own form (set by ScopeExportRows).
	FormID string
}
