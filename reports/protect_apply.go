package reports

import (
	"strconv"

	"treembot/locales"
	"treembot/storage"
)

// hide replaces a value the viewer may not see: no numbers are left in
// it, so an output that does not know of hiding shows "no data".
func hide(r *PartResult, how Visibility, below int) {
	r.Value = Value{Hidden: how, Below: below}
	t25, t30 := Targets(r.Part)
	r.T2025, r.T2030 = withheld(t25), withheld(t30)
}

// withheld is a target judged against a hidden value: hidden too, as
// "met" would tell that a count is 0.
func withheld(t Target) TargetResult {
	if !t.Set {
		return TargetResult{Target: t, State: NoTarget}
	}
	return TargetResult{Target: t, State: Withheld}
}

// applyParts hides the parts of one unit computed from a hidden figure:
// a count as a small count when it is one, every rate from it as hidden.
func (p *Protection) applyParts(c chain, unit uint, parts []PartResult) {
	for i := range parts {
		r := &parts[i]
		how, below := Shown, 0
		for _, code := range []string{r.Part.NumeratorCode, r.Part.DenominatorCode} {
			rule, ok := p.Rule(code)
			if !ok {
				continue
			}
			if m := p.Sum(unit, c.sourceOf(r.Part), code); m != Shown && how != SmallCount {
				how, below = m, rule.Below
			}
		}
		switch {
		case how == Shown:
			continue
		case r.Part.Unit != storage.PartCount || r.Part.DenominatorCode != "":
			how = Complement // a rate is hidden whole, whatever hid its count
		}
		hide(r, how, below)
	}
}

// apply hides what the viewer may not see in a breakdown: the parts of
// the root and its children, the cross-checks and unusual values of
// elements they may not see whole.
func (p *Protection) apply(c chain, b *Breakdown) {
	if p == nil {
		return
	}
	p.applyParts(c, b.Unit.ID, b.Parts)
	for i := range b.Children {
		p.applyParts(c, b.Children[i].Unit.ID, b.Children[i].Parts)
	}
	var checks []CrossCheck
	for _, x := range b.CrossChecks {
		_, limited := p.Rule(x.Element)
		if !limited || p.Sum(b.Unit.ID, x.Source, x.Element) == Shown && p.Sum(b.Unit.ID, x.Form, x.Element) == Shown {
			checks = append(checks, x)
		}
	}
	b.CrossChecks = checks
	var flags []Flag
	for _, f := range b.Unusual {
		// The previous period's figure is not protected here: leave both out.
		if _, limited := p.Rule(f.ElementCode); !limited {
			flags = append(flags, f)
		}
	}
	b.Unusual = flags
}

// applyRaw hides the stored values the viewer may not see: a small count
// of a small unit in any version, and every version of a figure whose
// counted value is hidden.
// It also returns the threshold of the values it hid (0: none).
func (p *Protection) applyRaw(units []storage.ScopeUnit, rows []storage.ExportRow) ([]storage.ExportRow, int) {
	if p == nil {
		return rows, 0
	}
	hidden := 0
	byCode := map[string]storage.ScopeUnit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	out := make([]storage.ExportRow, len(rows))
	for i, r := range rows {
		out[i] = r
		rule, limited := p.Rule(r.ElementCode)
		u, known := byCode[r.UnitCode]
		if !limited {
			continue
		}
		v, err := strconv.ParseFloat(r.Value, 64)
		switch {
		case err != nil:
		case (!known || smallUnit(u.Level)) && isSmall(v, rule.Below):
			out[i].Value, hidden = HiddenText(SmallCount, rule.Below), rule.Below
		case !known || p.Own(u.ID, r.FormID, r.ElementCode) != Shown: // a unit the scope does not list: unprotected
			out[i].Value, hidden = HiddenText(Complement, rule.Below), rule.Below
		}
	}
	return out, hidden
}

// HiddenText is how a hidden figure is written: "< 5" for a small count,
// "—*" for a figure hidden with it.
func HiddenText(how Visibility, below int) string {
	if how == SmallCount {
		return "< " + strconv.Itoa(below)
	}
	return "—*"
}

// HiddenNote explains the hidden figures among parts ("" when none is),
// naming the threshold of the first.
func HiddenNote(cat *locales.Catalog, lang string, parts ...[]PartResult) string {
	for _, ps := range parts {
		for _, r := range ps {
			if r.Value.Hidden != Shown {
				return cat.T(lang, "reports_small_counts_note", map[string]any{"Below": max(r.Value.Below, 2)})
			}
		}
	}
	return ""
}

// hiddenNote is HiddenNote over a breakdown's root and children.
func hiddenNote(cat *locales.Catalog, lang string, b *Breakdown) string {
	all := [][]PartResult{b.Parts}
	for _, c := range b.Children {
		all = append(all, c.Parts)
	}
	return HiddenNote(cat, lang, all...)
}
