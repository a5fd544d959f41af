package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The reminder audience is read by hand, column by column: a national
// tree is 115,000 people, as many accounts and 111,000 units, and GORM's
// reflective scanning of them was most of a planning pass.

// audiencePeople lists the active users in roles, by id, with their
// office's code.
func audiencePeople(db *gorm.DB, roles []string) ([]ReminderPerson, error) {
	rows, err := db.Table("users").Select("users.id, users.name, users.role, users.unit_id, users.office_id, "+
		"users.language, users.active, users.created_at, users.updated_at, users.title, COALESCE(offices.code, '')").
		Joins("LEFT JOIN offices ON offices.id = users.office_id").
		Where("users.active = ? AND users.role IN ?", true, roles).Order("users.id").Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReminderPerson
	for rows.Next() {
		var p ReminderPerson
		var id, unit int64
		var office sql.NullInt64
		err := rows.Scan(&id, &p.Name, &p.Role, &unit, &office, &p.Language, &p.Active, &p.CreatedAt,
			&p.UpdatedAt, &p.Title, &p.OfficeCode)
		if err != nil {
			return nil, err
		}
		p.ID, p.UnitID, p.OfficeID = uint(id), uint(unit), nullID(office)
		out = append(out, p)
	}
	return out, rows.Err()
}

// attachIdentities gives each person (sorted by id) their channel
// accounts, in id order.
func attachIdentities(db *gorm.DB, roles []string, people []ReminderPerson) error {
	index := make(map[uint]int, len(people))
	for i := range people {
		index[people[i].ID] = i
	}
	rows, err := db.Table("identities").Select("identities.id, identities.user_id, identities.channel, "+
		"identities.external_id, identities.chat_id, identities.active, identities.last_seen_at, identities.created_at").
		Joins("JOIN users ON users.id = identities.user_id").
		Where("users.active = ? AND users.role IN ?", true, roles).Order("identities.id").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v Identity
		var id, user int64
		var seen sql.NullTime
		if err := rows.Scan(&id, &user, &v.Channel, &v.ExternalID, &v.ChatID, &v.Active, &seen, &v.CreatedAt); err != nil {
			return err
		}
		v.ID, v.UserID = uint(id), uint(user)
		if seen.Valid {
			v.LastSeenAt = &seen.Time
		}
		if i, ok := index[v.UserID]; ok {
			people[i].Identities = append(people[i].Identities, v)
		}
	}
	return rows.Err()
}

// audienceUnits lists every unit with the fields reminders use.
func audienceUnits(db *gorm.DB) ([]OrgUnit, error) {
	rows, err := db.Table("org_units").Select("id, code, name, level, parent_id, path, active, starts_on, ends_on").Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrgUnit
	for rows.Next() {
		var u OrgUnit
		var id int64
		var parent sql.NullInt64
		var starts, ends sql.NullTime
		if err := rows.Scan(&id, &u.Code, &u.Name, &u.Level, &parent, &u.Path, &u.Active, &starts, &ends); err != nil {
			return nil, fmt.Errorf("scan unit: %w", err)
		}
		u.ID, u.ParentID, u.StartsOn, u.EndsOn = uint(id), nullID(parent), nullTime(starts), nullTime(ends)
		out = append(out, u)
	}
	return out, rows.Err()
}

// nullID is a nullable id column as the models hold it.
func nullID(v sql.NullInt64) *uint {
	if !v.Valid {
		return nil
	}
	id := uint(v.Int64)
	return &id
}

// nullTime is a nullable time column as the models hold it.
func nullTime(v sql.NullTime) *time.Time {
	if !v.Valid {
		return nil
	}
	return &v.Time
}

// formOwners maps each source form to the offices owning an indicator
// with a part computed from it; parts naming no form are left out.
func formOwners(db *gorm.DB) (map[string][]string, error) {
	var rows []struct{ SourceForm, OfficeCode string }
	err := db.Table("indicator_parts").Distinct("indicator_parts.source_form", "indicators.office_code").
		Joins("JOIN indicators ON indicators.code = indicator_parts.indicator_code").
		Where("indicator_parts.source_form <> '' AND indicators.office_code <> ''").
		Order("indicator_parts.source_form, indicators.office_code").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.SourceForm] = append(out[r.SourceForm], r.OfficeCode)
	}
	return out, nil
}

// ReminderRecipient returns one active user as the reminder audience holds
// them (role, office code; no identities): the dispatcher's way to tell
// which report a reminder to them is about.
func (s *Store) ReminderRecipient(ctx context.Context, userID uint) (*ReminderPerson, error) {
	var row struct {
		User
		OfficeCode string
	}
	err := s.db.WithContext(ctx).Model(&User{}).Select("users.*, COALESCE(offices.code, '') AS office_code").
		Joins("LEFT JOIN offices ON offices.id = users.office_id").Where("users.id = ?", userID).Take(&row).Error
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("user %d", userID))
	}
	return &ReminderPerson{User: row.User, OfficeCode: row.OfficeCode}, nil
}
