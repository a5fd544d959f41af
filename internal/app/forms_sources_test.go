package app_test

import (
	"context"
	"testing"

	"treembot/flows"
	"treembot/internal/app"
	"treembot/locales"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// Every indicator part is computed from exactly one form that asks both
// its counts: a part whose numerator or denominator its source form does
// not ask could never show a value. A share of communes is over the
// commune reports.
func TestEveryPartIsComputedFromOneFormThatAsksItsCounts(t *testing.T) {
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	parts, err := storage.PlanParts()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		f := forms[p.SourceForm]
		if f == nil {
			t.Errorf("part %s: source form %q is not a form", p.Code, p.SourceForm)
			continue
		}
		asked := questionIDs(f)
		if !asked[p.NumeratorCode] {
			t.Errorf("part %s: numerator %q is not a question of %s", p.Code, p.NumeratorCode, f.ID)
		}
		switch p.DenominatorCode {
		case "":
		case storage.DenominatorUnits:
			if f.Reporter != flows.ReporterCommune {
				t.Errorf("part %s: a share of units is computed from %s, not from the commune report", p.Code, f.ID)
			}
		default:
			if !asked[p.DenominatorCode] {
				t.Errorf("part %s: denominator %q is not a question of %s", p.Code, p.DenominatorCode, f.ID)
			}
		}
	}
}

// Seeding from the real forms stores every question of every form as a
// data element, once, an office form's own figures under its office.
func TestEveryFormQuestionIsASeededElement(t *testing.T) {
	ctx := context.Background()
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	st := storagetest.New(t)
	if err := app.SeedPlan(ctx, st, forms, locales.MustLoad(), storagetest.Zone(), storagetest.Now()); err != nil {
		t.Fatal(err)
	}
	stored, err := st.DataElements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]storage.DataElement{}
	for _, e := range stored {
		byCode[e.Code] = e
	}
	for _, f := range forms {
		for id := range questionIDs(f) {
			e, ok := byCode[id]
			switch {
			case !ok:
				t.Errorf("%s asks %s, which is not a seeded data element", f.ID, id)
			case f.Reporter != flows.ReporterOffice && e.OfficeCode != "":
				t.Errorf("%s (asked by %s) is stored as office %s's own figure", id, f.ID, e.OfficeCode)
			case f.Reporter == flows.ReporterOffice && e.OfficeCode != "" && e.OfficeCode != f.Office:
				t.Errorf("%s (asked by %s) is stored as office %s's", id, f.ID, e.OfficeCode)
			}
		}
	}
	if e := byCode["children_u1"]; e.LabelVI != "Số trẻ em dưới 1 tuổi đang ở địa bàn" || e.LabelEN != "Children under 1 living in the area" {
		t.Errorf("children_u1 is stored as %q / %q, want its label without a unit", e.LabelVI, e.LabelEN)
	}
	if e := byCode["hiv_exposed_births"]; e.OfficeCode != "YTE" {
		t.Errorf("hiv_exposed_births office = %q, want YTE", e.OfficeCode)
	}
}

func questionIDs(f *flows.Form) map[string]bool {
	ids := map[string]bool{}
	for _, s := range f.Sections {
		for _, q := range s.Questions {
			ids[q.ID] = true
		}
	}
	return ids
}
