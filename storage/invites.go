package storage

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// crockford is Crockford's base32 alphabet: no I, L, O or U, so a code read
// aloud or copied by hand is not misread.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// inviteCodeLen is 13 characters of 5 bits: 65 bits from crypto/rand.
const inviteCodeLen = 13

// DefaultInviteTTL is how long an invite stays valid when none is given.
const DefaultInviteTTL = 14 * 24 * time.Hour

// maxInvites caps one batch.
const maxInvites = 1000

// InviteRequest asks for Count single-use invite codes.
type InviteRequest struct {
	Role       string
	UnitCode   string
	OfficeCode string // required for officials, "" otherwise
	Count      int    // default 1
	TTL        time.Duration
	Now        time.Time
	CreatedBy  uint // 0 = the command line
}

// CreateInvites makes Count invites for one role and unit, each with a
// fresh random code, in one transaction.
func (s *Store) CreateInvites(ctx context.Context, req InviteRequest) ([]Invite, error) {
	if req.Count == 0 {
		req.Count = 1
	}
	if req.TTL <= 0 {
		req.TTL = DefaultInviteTTL
	}
	if err := validateInviteRequest(req); err != nil {
		return nil, fmt.Errorf("create invites: %w", err)
	}
	var out []Invite
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		base, err := inviteTemplate(tx, req)
		if err != nil {
			return err
		}
		for range req.Count {
			inv := base
			if inv.Code, err = NewInviteCode(); err != nil {
				return err
			}
			if err := tx.Create(&inv).Error; err != nil {
				return fmt.Errorf("save invite: %w", err)
			}
			err = audit(tx, AuditEntry{At: req.Now, UserID: req.CreatedBy, Action: AuditInviteMade,
				Entity: EntityInvite, EntityID: inv.ID, Field: "role", NewValue: inv.Role})
			if err != nil {
				return err
			}
			out = append(out, inv)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create invites: %w", err)
	}
	return out, nil
}

func validateInviteRequest(req InviteRequest) error {
	switch req.Role {
	case RoleCollaborator, RoleCommuneOfficer, RoleOfficial, RoleAdmin:
	default:
		return fmt.Errorf("role %q is not one of %s, %s, %s, %s", req.Role,
			RoleCollaborator, RoleCommuneOfficer, RoleOfficial, RoleAdmin)
	}
	switch {
	case req.Count < 0 || req.Count > maxInvites:
		return fmt.Errorf("count %d is not between 1 and %d", req.Count, maxInvites)
	case req.UnitCode == "":
		return errors.New("unit code is empty")
	case req.Role == RoleOfficial && req.OfficeCode == "":
		return errors.New("an official's invite needs an office code")
	case req.Role != RoleOfficial && req.OfficeCode != "":
		return fmt.Errorf("office code is only for officials, not %s", req.Role)
	}
	return nil
}

// inviteTemplate resolves the unit and office codes into an unsaved invite.
func inviteTemplate(tx *gorm.DB, req InviteRequest) (Invite, error) {
	var unit OrgUnit
	if err := tx.Where("code = ?", req.UnitCode).First(&unit).Error; err != nil {
		return Invite{}, notFound(err, fmt.Sprintf("unit %q", req.UnitCode))
	}
	if err := checkRoleLevel(req.Role, unit.Level); err != nil {
		return Invite{}, err
	}
	inv := Invite{Role: req.Role, UnitID: unit.ID, ExpiresAt: dbTime(req.Now.Add(req.TTL)), CreatedAt: dbTime(req.Now)}
	if req.OfficeCode != "" {
		var office Office
		if err := tx.Where("code = ?", req.OfficeCode).First(&office).Error; err != nil {
			return Invite{}, notFound(err, fmt.Sprintf("office %q", req.OfficeCode))
		}
		inv.OfficeID = &office.ID
	}
	if req.CreatedBy != 0 {
		by := req.CreatedBy
		inv.CreatedBy = &by
	}
	return inv, nil
}

// NewInviteCode returns a fresh 13-character Crockford base32 code carrying
// 65 random bits.
func NewInviteCode() (string, error) {
	var buf [inviteCodeLen]byte
	if _, err := rand.Read(buf[:]); err != nil {
		return "", fmt.Errorf("invite code: %w", err)
	}
	var b strings.Builder
	for _, x := range buf {
		b.WriteByte(crockford[x&31]) // 256 is a multiple of 32: no bias
	}
	return b.String(), nil
}

// NormaliseInviteCode turns what a person typed into a stored code:
// upper case, without spaces or dashes, with Crockford's look-alikes
// (O→0, I and L→1) mapped.
func NormaliseInviteCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-', '\t', '\u00a0', '.', '_':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatInviteCode groups a code for reading: "ABCD-EFGH-JKMN-P".
func FormatInviteCode(code string) string {
	var parts []string
	for len(code) > 4 {
		parts = append(parts, code[:4])
		code = code[4:]
	}
	return strings.Join(append(parts, code), "-")
}

// Invites lists invites, newest first; unused only if unusedOnly.
func (s *Store) Invites(ctx context.Context, unusedOnly bool) ([]Invite, error) {
	db := s.db.WithContext(ctx)
	if unusedOnly {
		db = db.Where("used_at IS NULL")
	}
	var out []Invite
	if err := db.Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list invites: %w", err)
	}
	return out, nil
}
