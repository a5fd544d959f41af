package storage

import (
	"fmt"

	"gorm.io/gorm"
)

// TakesReportsFor reports whether the unit takes reports for period p: a
// period belongs to the units that exist on its last day, so a unit merged
// or closed on day D keeps the periods that end before D, and a merger's
// new unit takes the periods that end on or after D (including one that
// was under way on D: it is due after the old units are gone).
func (u OrgUnit) TakesReportsFor(p Period) bool {
	if u.EndsOn != nil && !p.End.Before(*u.EndsOn) {
		return false
	}
	if u.StartsOn != nil && p.End.Before(*u.StartsOn) {
		return false
	}
	return u.Active || u.EndsOn != nil
}

// UnitPeriodError says a unit takes no reports for a period: it was merged
// or closed before the period ended (Into is the unit it was merged into,
// if any), or it was made by a merger after the period ended.
type UnitPeriodError struct {
	Unit   OrgUnit
	Period Period
	Into   *OrgUnit
}

func (e *UnitPeriodError) Error() string {
	switch {
	case e.Into != nil:
		return fmt.Sprintf("%s was merged into %s and takes no reports for %s: %s reports for it",
			e.Unit.Code, e.Into.Code, e.Period.Code, e.Into.Code)
	case e.Unit.StartsOn != nil && e.Unit.EndsOn == nil:
		return fmt.Sprintf("%s was made by a merger after %s ended: that period belongs to the units it was made from",
			e.Unit.Code, e.Period.Code)
	}
	return fmt.Sprintf("%s is closed and takes no reports for %s", e.Unit.Code, e.Period.Code)
}

// checkTakesReports loads the unit and the period and refuses a report the
// unit does not take (ErrNotFound when either is missing).
func checkTakesReports(tx *gorm.DB, unitID, periodID uint) error {
	var u OrgUnit
	if err := tx.First(&u, unitID).Error; err != nil {
		return notFound(err, fmt.Sprintf("unit %d", unitID))
	}
	var p Period
	if err := tx.First(&p, periodID).Error; err != nil {
		return notFound(err, fmt.Sprintf("period %d", periodID))
	}
	if u.TakesReportsFor(p) {
		return nil
	}
	e := &UnitPeriodError{Unit: u, Period: p}
	if u.MergedIntoID != nil {
		var into OrgUnit
		if err := tx.First(&into, *u.MergedIntoID).Error; err == nil {
			e.Into = &into
		}
	}
	return e
}
