package flows

import (
	"testing"
)

// The forms' questions become data elements once each: a code several
// forms ask is one element, worded without a unit; a code only an office
// form asks belongs to that office.
func TestElementsListEachCodeOnce(t *testing.T) {
	forms, err := LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]Element{}
	for _, e := range Elements(forms, testCatalog) {
		if _, dup := byCode[e.Code]; dup {
			t.Errorf("element %s listed twice", e.Code)
		}
		byCode[e.Code] = e
	}
	for code, office := range map[string]string{"children_u5": "", "live_births": "", "difficulties": "",
		"u1_cohort": "YTE", "schools_total": "GDDT", "play_spaces": "VHTT"} {
		if e, ok := byCode[code]; !ok || e.Office != office {
			t.Errorf("element %s = %+v, want office %q", code, e, office)
		}
	}
	if got := byCode["children_u1"].Label; got["vi"] != "Số trẻ em dưới 1 tuổi đang ở địa bàn" || got["en"] != "Children under 1 living in the area" {
		t.Errorf("children_u1 label = %v", got)
	}
}
