package locales

import (
	"time"
	// Embedded zone data: a slim container has no /usr/share/zoneinfo.
	_ "time/tzdata"
)

// Supported languages.
const (
	VI = "vi"
	EN = "en"
)

// DefaultZone is the plan's time zone; Vietnam has no daylight saving.
const DefaultZone = "Asia/Ho_Chi_Minh"

// LoadZone returns the named location, or an error naming it.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultZone
	}
	return time.LoadLocation(name)
}

// FormatDate writes a calendar day as Vietnamese and British readers both
// expect it: 15/05/2025.
func FormatDate(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("02/01/2006")
}

// FormatDateTime writes a day and a time of day: 15/05/2025 08:30.
func FormatDateTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("02/01/2006 15:04")
}

// NormaliseLang maps a client's language code ("vi-VN", "en_US", "") to a
// supported language, defaulting to fallback.
func NormaliseLang(code, fallback string) string {
	if len(code) >= 2 {
		switch code[:2] {
		case VI:
			return VI
		case EN:
			return EN
		}
	}
	if fallback == EN {
		return EN
	}
	return VI
}
