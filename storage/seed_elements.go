package storage

import (
	"errors"
	"fmt"
)

// Element types a form question can have.
const (
	ElementCount   = "count"
	ElementDecimal = "decimal"
	ElementYesNo   = "yesno"
	ElementChoice  = "choice"
	ElementText    = "text"
)

// validateElements checks elements passed to Seed, naming the bad one.
func validateElements(elements []DataElement) error {
	seen := make(map[string]bool, len(elements))
	for i, e := range elements {
		switch {
		case e.Code == "":
			return fmt.Errorf("element %d: code is empty", i+1)
		case seen[e.Code]:
			return fmt.Errorf("element %q: code repeats", e.Code)
		case e.LabelVI == "" || e.LabelEN == "":
			return fmt.Errorf("element %q: label_vi and label_en are both required", e.Code)
		case e.Code == DenominatorUnits:
			return fmt.Errorf("element %q: code is reserved for counting reporting units", e.Code)
		}
		switch e.Type {
		case ElementCount, ElementDecimal, ElementYesNo, ElementChoice, ElementText:
		default:
			return fmt.Errorf("element %q: type %q is not count, decimal, yesno, choice or text", e.Code, e.Type)
		}
		seen[e.Code] = true
	}
	return nil
}

// checkPartElements makes sure every numerator and denominator names a
// stored element, so a typo in a form's codes fails the seed, not a report.
func checkPartElements(parts []IndicatorPart, known map[string]bool) error {
	var errs []error
	for _, p := range parts {
		if !known[p.NumeratorCode] {
			errs = append(errs, fmt.Errorf("indicator part %s: numerator element %q is not defined", p.Code, p.NumeratorCode))
		}
		if p.DenominatorCode != "" && p.DenominatorCode != DenominatorUnits && !known[p.DenominatorCode] {
			errs = append(errs, fmt.Errorf("indicator part %s: denominator element %q is not defined", p.Code, p.DenominatorCode))
		}
	}
	return errors.Join(errs...)
}
