package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"treembot/flows"
	"treembot/locales"
)

// villageDrift warns when a commune report's shared figures no longer
// match what its units' counted reports add up to now. The sums are
// written once, when the draft is first opened; a village that sends,
// corrects or is returned afterwards would otherwise be left out of the
// figures sent upward without anyone seeing it. It names each figure that
// differs with its number at the review, so the officer can "sửa N", and
// never changes one itself: the officer may have corrected it on purpose.
// "" when nothing differs or the form takes nothing from villages.
func (r *Router) villageDrift(ctx context.Context, req *request, form *flows.Form, unitID, periodID uint,
	unitName string, answers map[string]string) (string, error) {
	village := r.formFor(flows.ReporterVillage, "")
	if form.Reporter != flows.ReporterCommune || village == nil {
		return "", nil
	}
	villages, err := r.Store.CommuneVillages(ctx, unitID, periodID, village.ID)
	if err != nil || len(villages) == 0 {
		return "", err
	}
	shared := sharedCounts(form, village)
	sums, err := r.Store.SumCounted(ctx, villages, shared)
	if err != nil {
		return "", err
	}
	return r.driftNotice(req, form, unitName, answers, shared, sums), nil
}

// driftNotice names each of the shared figures whose answer differs from
// the villages' sum ("" when none does).
func (r *Router) driftNotice(req *request, form *flows.Form, unitName string, answers map[string]string,
	shared []string, sums map[string]float64) string {
	var lines []string
	for i, q := range r.Engine.Questions(form, answers) {
		if !slices.Contains(shared, q.ID) {
			continue
		}
		// No counted village holds it (all returned, say): the villages
		// add up to nothing, not to what the draft still holds.
		sum := sums[q.ID]
		written, answered := answers[q.ID]
		stored, err := strconv.ParseFloat(written, 64)
		answered = answered && written != "" && err == nil
		if (answered && stored == sum) || (!answered && sum == 0) {
			continue
		}
		report := r.t(req, "bot_commune_drift_blank")
		if answered {
			report = locales.FormatNumber(req.lang, stored, 2)
		}
		lines = append(lines, r.t(req, "bot_commune_drift_line", map[string]any{"N": i + 1,
			"Label": q.Label.In(req.lang, unitName), "Report": report, "Sum": locales.FormatNumber(req.lang, sum, 2)}))
	}
	if len(lines) == 0 {
		return ""
	}
	return r.t(req, "bot_commune_drift", map[string]any{"Lines": strings.Join(lines, "\n")})
}
