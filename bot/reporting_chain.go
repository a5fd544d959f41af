package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"treembot/flows"
	"treembot/storage"
)

// The reporting chain in the router (INDICATORS.md, "Who counts what"):
// a collaborator fills in the village report, the commune officer the
// commune report (starting from the villages' figures) or a village's
// report on its behalf, an official their office's report.

// reportJob is one report a person fills in: a form for a unit.
type reportJob struct {
	form     *flows.Form
	unit     *storage.OrgUnit
	onBehalf bool // the commune officer entering a village's report
}

// formFor finds the loaded form of a reporter (and office); nil when
// there is none (an office without a form). NewRouter checks that the
// village and commune forms are loaded.
func (r *Router) formFor(reporter, office string) *flows.Form {
	return formOf(r.Forms, reporter, office)
}

func formOf(forms map[string]*flows.Form, reporter, office string) *flows.Form {
	for _, f := range forms {
		if f.Reporter == reporter && (reporter != flows.ReporterOffice || strings.EqualFold(f.Office, office)) {
			return f
		}
	}
	return nil
}

// ownJob is the report the person owes for their own unit; nil when their
// role has no form (an official of an office without one).
func (r *Router) ownJob(ctx context.Context, req *request) (*reportJob, error) {
	unit, err := r.Store.Unit(ctx, req.user.UnitID)
	if err != nil {
		return nil, fmt.Errorf("home unit: %w", err)
	}
	var form *flows.Form
	switch req.user.Role {
	case storage.RoleCollaborator:
		form = r.formFor(flows.ReporterVillage, "")
	case storage.RoleCommuneOfficer:
		form = r.formFor(flows.ReporterCommune, "")
	case storage.RoleOfficial:
		code, err := r.officeCode(ctx, req.user.OfficeID)
		if err != nil {
			return nil, err
		}
		form = r.formFor(flows.ReporterOffice, code)
	}
	if form == nil {
		return nil, nil
	}
	return &reportJob{form: form, unit: unit}, nil
}

func (r *Router) officeCode(ctx context.Context, id *uint) (string, error) {
	if id == nil {
		return "", nil
	}
	offices, err := r.Store.Offices(ctx)
	if err != nil {
		return "", fmt.Errorf("offices: %w", err)
	}
	for _, o := range offices {
		if o.ID == *id {
			return o.Code, nil
		}
	}
	return "", nil
}

// villageJob is a commune officer entering the report of one of their
// villages that has no collaborator (or whose collaborator cannot). The
// reply explains a code that is not such a village.
func (r *Router) villageJob(ctx context.Context, req *request, code string) (*reportJob, []Message, error) {
	if req.user.Role != storage.RoleCommuneOfficer || r.ReportStore == nil {
		return nil, r.reply(req, "bot_report_usage"), nil
	}
	unit, err := r.ReportStore.UnitByCode(ctx, strings.ToUpper(code))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, r.reply(req, "reports_unit_unknown", map[string]any{"Code": trimArg(code)}), nil
	} else if err != nil {
		return nil, nil, fmt.Errorf("find unit: %w", err)
	}
	if unit.ParentID == nil || *unit.ParentID != req.user.UnitID || unit.Level != storage.LevelVillage {
		return nil, r.reply(req, "bot_report_not_your_village", map[string]any{"Code": unit.Code}), nil
	}
	form := r.formFor(flows.ReporterVillage, "")
	return &reportJob{form: form, unit: unit, onBehalf: true}, nil, nil
}

// fits reports whether the job's form is filled in for the period's kind
// (office reports are annual).
func (j *reportJob) fits(p storage.Period) bool {
	if len(j.form.Periods) == 0 {
		return true
	}
	for _, k := range j.form.Periods {
		if k == p.Kind {
			return true
		}
	}
	return false
}

// prefillFromVillages starts a new commune report from the sum of the
// villages' counted reports, each figure set (and audited) in the
// officer's name, so the officer checks and corrects rather than adds up;
// the villages' own reports are left as they were sent. It returns the
// notice that opens the report: how many villages sent, which did not.
func (r *Router) prefillFromVillages(ctx context.Context, req *request, job *reportJob, p *storage.Period,
	sub *storage.Submission, values map[string]string) (string, error) {
	village := r.formFor(flows.ReporterVillage, "")
	if job.form.Reporter != flows.ReporterCommune {
		return "", nil
	}
	villages, err := r.Store.CommuneVillages(ctx, job.unit.ID, p.ID, village.ID)
	if err != nil || len(villages) == 0 {
		return "", err
	}
	var missing []string
	sent := 0
	for _, v := range villages {
		if v.Counted() {
			sent++
		} else {
			missing = append(missing, v.Unit.Name)
		}
	}
	data := map[string]any{"Sent": sent, "Total": len(villages), "Missing": strings.Join(missing, ", ")}
	key := "bot_commune_villages_all"
	if len(missing) > 0 {
		key = "bot_commune_villages_some"
	}
	if len(values) == 0 && sent == 0 {
		return r.t(req, key, data), nil
	}
	shared := sharedCounts(job.form, village)
	sums, err := r.Store.SumCounted(ctx, villages, shared)
	if err != nil {
		return "", err
	}
	if len(values) > 0 {
		// A draft resumed or a sent report reopened keeps the officer's
		// figures: say which no longer match the villages' reports.
		return strings.TrimSpace(r.t(req, key, data) + "\n" + r.driftNotice(req, job.form, job.unit.Name, values, shared, sums)), nil
	}
	var changes []storage.ValueChange
	for _, code := range shared {
		if v, ok := sums[code]; ok {
			changes = append(changes, storage.ValueChange{Code: code, Value: strconv.FormatFloat(v, 'f', -1, 64)})
			values[code] = changes[len(changes)-1].Value
		}
	}
	err = r.Store.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: req.user.ID,
		Channel: req.Channel, Now: req.now, Changes: changes})
	if err != nil {
		return "", fmt.Errorf("prefill commune report: %w", err)
	}
	return r.t(req, key, data) + "\n" + r.t(req, "bot_commune_prefilled"), nil
}

// sharedCounts lists the number questions both forms ask, in the commune
// form's order: the figures a commune report takes from its villages.
func sharedCounts(commune, village *flows.Form) []string {
	inVillage := map[string]bool{}
	for _, s := range village.Sections {
		for _, q := range s.Questions {
			inVillage[q.ID] = q.Type == flows.TypeCount || q.Type == flows.TypeDecimal
		}
	}
	var out []string
	for _, s := range commune.Sections {
		for _, q := range s.Questions {
			if inVillage[q.ID] {
				out = append(out, q.ID)
			}
		}
	}
	return out
}

// formOfUnit is the chain's report of a unit of that level: a village's
// village report, anything else's commune report.
func (r *Router) formOfUnit(unit *storage.OrgUnit) *flows.Form {
	if unit.Level == storage.LevelVillage {
		return r.formFor(flows.ReporterVillage, "")
	}
	return r.Forms[communeFormID]
}

// dueDate is the last day a form's report is due for the period: the
// villages' reports go to their commune officer VillageLeadDays before
// the commune's deadline, so the officer can check them in time.
func dueDate(form *flows.Form, p *storage.Period) time.Time {
	if form != nil && form.Reporter == flows.ReporterVillage {
		return p.Deadline.AddDate(0, 0, -p.VillageLeadDays)
	}
	return p.Deadline
}
