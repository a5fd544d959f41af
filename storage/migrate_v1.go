package storage

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The v1 schema, frozen: these snapshots mirror models.go as it was when
// migration 0001 shipped. Change models.go freely, then add a migration;
// never edit these.

type v1Office struct {
	ID     uint   `gorm:"primaryKey"`
	Code   string `gorm:"size:32;uniqueIndex;not null"`
	NameVI string `gorm:"size:255;not null"`
	NameEN string `gorm:"size:255;not null"`
}

func (v1Office) TableName() string { return "offices" }

type v1OrgUnit struct {
	ID           uint   `gorm:"primaryKey"`
	Code         string `gorm:"size:64;uniqueIndex;not null"`
	Name         string `gorm:"size:255;not null"`
	Level        string `gorm:"size:32;not null;index"`
	ParentID     *uint  `gorm:"index"`
	Path         string `gorm:"size:1024;not null;index"`
	Area         string `gorm:"size:16;not null;default:rural"`
	Active       bool   `gorm:"not null;default:true"`
	MergedIntoID *uint
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (v1OrgUnit) TableName() string { return "org_units" }

type v1User struct {
	ID        uint   `gorm:"primaryKey"`
	Name      string `gorm:"size:255;not null"`
	Role      string `gorm:"size:32;not null;index"`
	UnitID    uint   `gorm:"not null;index"`
	OfficeID  *uint  `gorm:"index"`
	Language  string `gorm:"size:8;not null;default:vi"`
	Active    bool   `gorm:"not null;default:true"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (v1User) TableName() string { return "users" }

type v1Identity struct {
	ID         uint   `gorm:"primaryKey"`
	UserID     uint   `gorm:"not null;index"`
	Channel    string `gorm:"size:16;not null;uniqueIndex:idx_identity_channel_ext"`
	ExternalID string `gorm:"size:128;not null;uniqueIndex:idx_identity_channel_ext"`
	ChatID     string `gorm:"size:128;not null"`
	Active     bool   `gorm:"not null;default:true"`
	LastSeenAt *time.Time
	CreatedAt  time.Time
}

func (v1Identity) TableName() string { return "identities" }

type v1Invite struct {
	ID        uint   `gorm:"primaryKey"`
	Code      string `gorm:"size:64;uniqueIndex;not null"`
	Role      string `gorm:"size:32;not null"`
	UnitID    uint   `gorm:"not null;index"`
	OfficeID  *uint
	ExpiresAt time.Time `gorm:"not null"`
	UsedAt    *time.Time
	UsedBy    *uint
	CreatedBy *uint
	CreatedAt time.Time
}

func (v1Invite) TableName() string { return "invites" }

type v1DataElement struct {
	ID         uint   `gorm:"primaryKey"`
	Code       string `gorm:"size:64;uniqueIndex;not null"`
	LabelVI    string `gorm:"size:512;not null"`
	LabelEN    string `gorm:"size:512;not null"`
	Type       string `gorm:"size:16;not null"`
	Min        *float64
	Max        *float64
	OfficeCode string `gorm:"size:32;not null;default:''"`
}

func (v1DataElement) TableName() string { return "data_elements" }

type v1Indicator struct {
	ID         uint   `gorm:"primaryKey"`
	Code       string `gorm:"size:8;uniqueIndex;not null"`
	NameVI     string `gorm:"size:512;not null"`
	NameEN     string `gorm:"size:512;not null"`
	OfficeCode string `gorm:"size:32;not null;index"`
	SortOrder  int    `gorm:"not null"`
}

func (v1Indicator) TableName() string { return "indicators" }

type v1IndicatorPart struct {
	ID              uint    `gorm:"primaryKey"`
	Code            string  `gorm:"size:16;uniqueIndex;not null"`
	IndicatorCode   string  `gorm:"size:8;not null;index"`
	NameVI          string  `gorm:"size:512;not null"`
	NameEN          string  `gorm:"size:512;not null"`
	Unit            string  `gorm:"size:32;not null"`
	NumeratorCode   string  `gorm:"size:64;not null"`
	DenominatorCode string  `gorm:"size:64;not null;default:''"`
	Multiplier      float64 `gorm:"not null"`
	Area            string  `gorm:"size:16;not null;default:''"`
	Target2025      *float64
	Op2025          string `gorm:"size:2;not null;default:''"`
	Target2030      *float64
	Op2030          string `gorm:"size:2;not null;default:''"`
	Maintain2030    bool   `gorm:"not null;default:false"`
	SortOrder       int    `gorm:"not null"`
}

func (v1IndicatorPart) TableName() string { return "indicator_parts" }

type v1Period struct {
	ID       uint      `gorm:"primaryKey"`
	Code     string    `gorm:"size:16;uniqueIndex;not null"`
	Kind     string    `gorm:"size:16;not null"`
	Start    time.Time `gorm:"not null"`
	End      time.Time `gorm:"not null"`
	Deadline time.Time `gorm:"not null;index"`
	OpensAt  time.Time `gorm:"not null;index"`
	ClosesAt time.Time `gorm:"not null"`
}

func (v1Period) TableName() string { return "periods" }

type v1Submission struct {
	ID          uint   `gorm:"primaryKey"`
	UnitID      uint   `gorm:"not null;uniqueIndex:idx_submission_key"`
	PeriodID    uint   `gorm:"not null;uniqueIndex:idx_submission_key;index"`
	FormID      string `gorm:"size:64;not null;uniqueIndex:idx_submission_key"`
	Status      string `gorm:"size:16;not null;index"`
	Version     int    `gorm:"not null;default:1"`
	Reference   string `gorm:"size:32;not null;default:''"`
	CreatedBy   uint   `gorm:"not null"`
	SubmittedBy *uint
	SubmittedAt *time.Time
	ReturnNote  string `gorm:"size:1024;not null;default:''"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (v1Submission) TableName() string { return "submissions" }

type v1DataValue struct {
	ID           uint   `gorm:"primaryKey"`
	SubmissionID uint   `gorm:"not null;uniqueIndex:idx_value_key"`
	ElementCode  string `gorm:"size:64;not null;uniqueIndex:idx_value_key;index"`
	Value        string `gorm:"type:text;not null"`
	UpdatedBy    uint   `gorm:"not null"`
	UpdatedAt    time.Time
}

func (v1DataValue) TableName() string { return "data_values" }

type v1AuditEntry struct {
	ID       uint      `gorm:"primaryKey"`
	At       time.Time `gorm:"not null;index"`
	UserID   uint      `gorm:"not null;index"`
	Channel  string    `gorm:"size:16;not null"`
	Action   string    `gorm:"size:32;not null"`
	Entity   string    `gorm:"size:32;not null;index:idx_audit_entity"`
	EntityID uint      `gorm:"not null;index:idx_audit_entity"`
	Field    string    `gorm:"size:64;not null;default:''"`
	OldValue string    `gorm:"type:text;not null;default:''"`
	NewValue string    `gorm:"type:text;not null;default:''"`
}

func (v1AuditEntry) TableName() string { return "audit_entries" }

func v1Tables() []any {
	return []any{
		&v1Office{}, &v1OrgUnit{}, &v1User{}, &v1Identity{}, &v1Invite{},
		&v1DataElement{}, &v1Indicator{}, &v1IndicatorPart{}, &v1Period{},
		&v1Submission{}, &v1DataValue{}, &v1AuditEntry{},
	}
}

func migrateV1(tx *gorm.DB) error {
	if err := tx.AutoMigrate(v1Tables()...); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	if tx.Dialector.Name() == "postgres" {
		// Subtree queries are `path LIKE '/1/4/%'`; under a non-C collation
		// PostgreSQL only uses an index for that with text_pattern_ops.
		err := tx.Exec("CREATE INDEX IF NOT EXISTS idx_org_units_path_prefix ON org_units (path text_pattern_ops)").Error
		if err != nil {
			return fmt.Errorf("create path index: %w", err)
		}
	}
	return nil
}

func rollbackV1(tx *gorm.DB) error {
	tables := v1Tables()
	for i := len(tables) - 1; i >= 0; i-- {
		if err := tx.Migrator().DropTable(tables[i]); err != nil {
			return fmt.Errorf("drop table: %w", err)
		}
	}
	return nil
}
