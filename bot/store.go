package bot

import (
	"context"
	"time"

	"treembot/storage"
)

// Store is what the router needs from persistence; *storage.Store
// implements it. Every method returns storage.ErrNotFound for a missing row.
type Store interface {
	// UserByIdentity finds the active user bound to a channel account.
	UserByIdentity(ctx context.Context, channel, externalID string) (*storage.User, error)
	// TouchIdentity records that the identity was seen now (and is active).
	TouchIdentity(ctx context.Context, channel, externalID, chatID string, now time.Time) error
	// RedeemInvite uses an invite code: creates the user and binds the
	// identity in one transaction. Errors: storage.ErrInviteUnknown,
	// storage.ErrInviteUsed, storage.ErrInviteExpired, storage.ErrAlreadyJoined.
	RedeemInvite(ctx context.Context, req storage.RedeemRequest) (*storage.User, error)
	// SetUserLanguage changes a user's language ("vi" or "en").
	SetUserLanguage(ctx context.Context, userID uint, lang string) error
	// SetUserTitle records how the person is addressed: storage.TitleAnh,
	// storage.TitleChi or "".
	SetUserTitle(ctx context.Context, userID uint, title string) error
	// Unit returns one org unit.
	Unit(ctx context.Context, id uint) (*storage.OrgUnit, error)
	// OpenPeriods lists periods accepting reports at now, by deadline.
	OpenPeriods(ctx context.Context, now time.Time) ([]storage.Period, error)
	// PeriodByCode returns one period ("2025-H1").
	PeriodByCode(ctx context.Context, code string) (*storage.Period, error)
	// FindSubmission returns the unit's submission for period and form.
	FindSubmission(ctx context.Context, unitID, periodID uint, formID string) (*storage.Submission, error)
	// FindDraft returns the unit's open draft (first version or correction).
	FindDraft(ctx context.Context, unitID, periodID uint, formID string) (*storage.Submission, error)
	// CommuneVillages lists a commune's villages with their reports' heads.
	CommuneVillages(ctx context.Context, communeID, periodID uint, formID string) ([]storage.VillageReport, error)
	// SumCounted adds up elements over the villages' counted reports.
	SumCounted(ctx context.Context, villages []storage.VillageReport, elements []string) (map[string]float64, error)
	// Offices lists the offices that own indicators.
	Offices(ctx context.Context) ([]storage.Office, error)
	// SetPendingAnswer keeps with a draft the answer asked back ("" = none).
	SetPendingAnswer(ctx context.Context, submissionID uint, pending string) error
	// OpenDraft returns the unit's draft for period and form, creating it
	// if absent; a submitted one is reopened as a new version (audited).
	OpenDraft(ctx context.Context, req storage.DraftRequest) (*storage.Submission, error)
	// Values returns a submission's values by element code.
	Values(ctx context.Context, submissionID uint) (map[string]string, error)
	// ApplyChanges writes values (upsert or delete) and their audit entries
	// in one transaction; unchanged values write nothing.
	ApplyChanges(ctx context.Context, req storage.ChangeRequest) error
	// Submit marks a draft submitted, gives it a reference number, audits it.
	Submit(ctx context.Context, req storage.SubmitRequest) (*storage.Submission, error)
	// SubmissionsOfUnit lists a unit's submissions with their periods.
	SubmissionsOfUnit(ctx context.Context, unitID uint) ([]storage.SubmissionWithPeriod, error)
}
