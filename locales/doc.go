// Package locales holds treembot's message catalogues (Vietnamese first,
// English second), Vietnamese number parsing and formatting, and dates in
// the plan's time zone.
//
// It imports nothing of the module; every other package may import it.
package locales
