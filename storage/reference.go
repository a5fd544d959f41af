package storage

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// maxReferenceLen is the width of Submission.Reference.
const maxReferenceLen = 32

// referenceFor builds a submission's receipt number from its unit, period,
// version and ID: "VQ-XL-01-2025H1-v1-0004". The last part is the ID in
// Crockford base32, so the number is unique without randomness; the rest
// lets a person recognise it at a glance.
func referenceFor(tx *gorm.DB, sub *Submission) (string, error) {
	var unit OrgUnit
	if err := tx.Select("id", "code").First(&unit, sub.UnitID).Error; err != nil {
		return "", notFound(err, fmt.Sprintf("unit %d", sub.UnitID))
	}
	var period Period
	if err := tx.Select("id", "code").First(&period, sub.PeriodID).Error; err != nil {
		return "", notFound(err, fmt.Sprintf("period %d", sub.PeriodID))
	}
	return Reference(unit.Code, period.Code, sub.Version, sub.ID), nil
}

// Reference formats a receipt number. The unit code is shortened from the
// left when needed, keeping its most specific part, so the whole fits the
// column; the ID suffix alone keeps it unique.
func Reference(unitCode, periodCode string, version int, id uint) string {
	tail := fmt.Sprintf("-%s-v%d-%s", strings.ReplaceAll(strings.ToUpper(periodCode), "-", ""), version, base32ID(id))
	unit := strings.ToUpper(unitCode)
	if room := maxReferenceLen - len(tail); len(unit) > room {
		unit = strings.TrimLeft(strings.ToValidUTF8(unit[len(unit)-max(room, 0):], ""), "-")
	}
	return unit + tail
}

// base32ID writes id in Crockford base32, at least four digits.
func base32ID(id uint) string {
	var digits []byte
	for n := uint64(id); n > 0 || len(digits) < 4; n /= 32 {
		digits = append(digits, crockford[n%32])
	}
	for i, j := 0, len(digits)-1; i < j; i, j = i+1, j-1 {
		digits[i], digits[j] = digits[j], digits[i]
	}
	return string(digits)
}
