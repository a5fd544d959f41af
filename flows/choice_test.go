package flows

import "testing"

// At a choice question a person types what they see: a label typed as it
// is shown is that choice, even when it looks like a number (a year), and
// a small number is the button with that number.
func TestAChoiceIsReadByItsLabelBeforeItsNumber(t *testing.T) {
	q := &Question{ID: "year", Type: TypeChoice, Choices: []Choice{
		{Code: "before_2021", Label: Text{"vi": "Trước năm 2021", "en": "Before 2021"}},
		{Code: "2021", Label: Text{"vi": "2021", "en": "2021"}},
		{Code: "2022", Label: Text{"vi": "2022", "en": "2022"}},
		{Code: "2023", Label: Text{"vi": "2023", "en": "2023"}},
	}}
	for _, tt := range []struct {
		typed, code string
		number      bool
	}{
		{"2023", "2023", false},
		{"2", "2021", true},
		{"1", "before_2021", true},
		{"trước năm 2021", "before_2021", false},
		{"2030", "", true},
		{"202", "", true},
	} {
		code, number := choiceOf(q, tt.typed)
		if code != tt.code || number != tt.number {
			t.Errorf("%q read as %q (number %v), want %q (number %v)", tt.typed, code, number, tt.code, tt.number)
		}
	}
}
