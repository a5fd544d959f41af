package storage

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// officeCode is what an office code looks like: the chat and the CLI
// read codes in upper case ("CONGAN", "HLHPN").
var officeCode = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,31}$`)

// AddOffice adds an office that can own indicators and have officials
// (e.g. the police, the Women's Union). Its code must be new.
func (s *Store) AddOffice(ctx context.Context, o Office) (*Office, error) {
	o.Code = strings.ToUpper(strings.TrimSpace(o.Code))
	o.NameVI, o.NameEN = strings.TrimSpace(o.NameVI), strings.TrimSpace(o.NameEN)
	switch {
	case !officeCode.MatchString(o.Code):
		return nil, fmt.Errorf("add office: code %q is not 2-32 upper-case letters, digits or _", o.Code)
	case o.NameVI == "":
		return nil, errors.New("add office: the Vietnamese name is empty")
	}
	if o.NameEN == "" {
		o.NameEN = o.NameVI
	}
	o.ID = 0
	if err := s.db.WithContext(ctx).Create(&o).Error; err != nil {
		return nil, fmt.Errorf("add office %s: %w", o.Code, err)
	}
	return &o, nil
}

// RenameOffice changes an office's names; an empty name is left as it
// is. Seed keeps the new names.
func (s *Store) RenameOffice(ctx context.Context, code, nameVI, nameEN string) error {
	set := map[string]any{}
	if v := strings.TrimSpace(nameVI); v != "" {
		set["name_vi"] = v
	}
	if v := strings.TrimSpace(nameEN); v != "" {
		set["name_en"] = v
	}
	if len(set) == 0 {
		return fmt.Errorf("rename office %s: no new name given", code)
	}
	res := s.db.WithContext(ctx).Model(&Office{}).Where("code = ?", strings.ToUpper(code)).Updates(set)
	if res.Error != nil {
		return fmt.Errorf("rename office %s: %w", code, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("rename office %s: %w", code, ErrNotFound)
	}
	return nil
}

// SetIndicatorOwner moves an indicator to another office: its officials
// then see it as theirs and hear when its reports are late. Seed keeps
// the new owner.
func (s *Store) SetIndicatorOwner(ctx context.Context, indicator, office string) error {
	office = strings.ToUpper(strings.TrimSpace(office))
	if err := s.db.WithContext(ctx).Where("code = ?", office).First(&Office{}).Error; err != nil {
		return notFound(err, fmt.Sprintf("office %q", office))
	}
	res := s.db.WithContext(ctx).Model(&Indicator{}).Where("code = ?", indicator).Update("office_code", office)
	if res.Error != nil {
		return fmt.Errorf("set owner of indicator %s: %w", indicator, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("set owner of indicator %s: %w", indicator, ErrNotFound)
	}
	return nil
}
