package flows

import (
	"cmp"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"treembot/locales"
)

// communeAnswers is a complete, consistent commune report.
func communeAnswers() map[string]string {
	return map[string]string{
		"children_u1": "35", "children_u5": "180", "children_u8": "290", "children_u16": "1050",
		"u8_ecd_access":         "280",
		"special_circumstances": "6", "special_assisted": "6", "abuse_cases": "0", "child_labour": "0",
		"accident_injuries": "2", "accident_deaths": "0", "disaster_affected": "3", "disaster_helped": "3",
		"child_marriages": "1", "marriages": "14", "u5_birth_unregistered": "2",
		"live_births": "38", "deaths_u28d": "0", "deaths_u1": "1", "deaths_u5": "2", "u5_birth_registered": "178",
		"child_friendly": "1", "child_friendly_year": "2023", "play_space": "0",
		"data_source": "records", "difficulties": "Thiếu kinh phí", "proposals": "",
	}
}

// fullAnswers answer every question of every form, consistently (the
// shared codes hold one value).
func fullAnswers() map[string]string {
	all := communeAnswers()
	maps.Copy(all, map[string]string{
		"u5_measured": "170", "u5_underweight": "12", "u5_stunted": "25", "u5_obese": "3",
		"u1_cohort": "36", "u1_fully_immunised": "34", "u5_fully_immunised": "175",
		"hiv_exposed_births": "1", "hiv_infected_infants": "0",
		"schools_total": "12", "schools_sanitation": "12", "schools": "10", "schools_psych_support": "9", "schools_disability_access": "5",
		"u5_assessed": "400", "u5_developing": "396", "age5_children": "41", "age5_enrolled": "41",
		"primary_enrolled": "900", "primary_dropouts": "0", "primary_final_grade": "180", "primary_completed": "180",
		"lower_secondary_enrolled": "600", "lower_secondary_dropouts": "4",
		"lower_secondary_final_grade": "150", "lower_secondary_completed": "147",
		"disabled_need_school": "10", "disabled_included": "9",
		"pupils_total": "1500", "pupils_participation_aware": "1480", "pupils_7plus": "1350",
		"pupils_7plus_consulted": "1300", "pupils_11plus": "600", "pupils_11plus_participating": "560",
		"play_spaces": "5", "play_space_communes": "4", "play_space_activities": "Trung thu",
	})
	return all
}

func communeForm(t testing.TB) *Form {
	t.Helper()
	forms, err := LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	return forms["commune_report"]
}

// firstAnswers keeps the answers to the first n questions of f.
func firstAnswers(f *Form, all map[string]string, n int) map[string]string {
	out := map[string]string{}
	for i, q := range f.compiled.order {
		if i < n {
			out[q.ID] = all[q.ID]
		}
	}
	return out
}

func FuzzParseForm(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/broken/*.yaml")
	seeds = append(seeds, "forms/commune_report.yaml", "testdata/forms/types.yaml")
	for _, path := range seeds {
		raw, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	e := NewEngine(locales.MustLoad())
	f.Fuzz(func(t *testing.T, data []byte) {
		form, err := ParseForm(data)
		if err != nil {
			return
		}
		// A form that loads must run: no panic, a first question, and
		// button data that fits Telegram's 64 bytes.
		step := e.Start(form, nil, Context{})
		if step.State.Stage != StageAsking || len(e.Questions(form, nil)) == 0 {
			t.Fatalf("a valid form does not start: %+v", step.State)
		}
		for _, in := range []Input{{Text: "0"}, {Text: "1"}, {Text: "bỏ qua"}, {Text: "quay lại"}} {
			step = e.Handle(form, step.State, in, Context{})
			for _, r := range step.Replies {
				for _, row := range r.Buttons {
					for _, b := range row {
						if len(b.Data) > 64 {
							t.Fatalf("button data %q is over 64 bytes", b.Data)
						}
					}
				}
			}
		}
	})
}

func FuzzHandle(f *testing.F) {
	for _, s := range []string{"12", "1.234", "1.5", "9,5", "-3", "abc", "😀", "", " ", "bỏ qua", "quay lại",
		"hủy", "giữ nguyên", "có", "KHÔNG ạ", "2", "khảo sát", "sửa 5", "edit 99", "ok", "\x00", "\xff",
		strings.Repeat("x", 4001), "1e9", "0x10", "١٢", "12 trẻ", "100001", "ans:children_u1:1", "rev:confirm"} {
		for _, pos := range []uint8{0, 1, 9, 16, 22, 28, 30, 31, 33} {
			f.Add(s, pos, false)
			f.Add(s, pos, true)
		}
	}
	form := communeForm(f)
	e := NewEngine(locales.MustLoad())
	all := communeAnswers()
	f.Fuzz(func(t *testing.T, input string, pos uint8, asButton bool) {
		saved := firstAnswers(form, all, int(pos)%(len(form.compiled.order)+1))
		ctx := Context{Lang: []string{locales.VI, locales.EN}[pos%2]}
		start := e.Start(form, saved, ctx)
		in := Input{Text: input}
		if asButton {
			in = Input{Button: input}
		}
		step := e.Handle(form, start.State, in, ctx)
		checkStep(t, form, start.State, in, step)
	})
}

// checkStep holds for every step: replies in the catalogue, changes only
// for the question asked and only from input that really is a valid answer.
func checkStep(t *testing.T, form *Form, before State, in Input, step Step) {
	if len(step.Replies) == 0 && !step.Submit {
		t.Fatalf("no reply to %+v", in)
	}
	for _, r := range step.Replies {
		if strings.TrimSpace(r.Text) == "" || strings.Contains(r.Text, "[flows_") {
			t.Fatalf("reply %q to %+v is empty or names a missing message", r.Text, in)
		}
	}
	if len(step.Changes) == 0 {
		if !maps.Equal(before.Answers, step.State.Answers) {
			t.Fatalf("answers changed without Changes: %v -> %v", before.Answers, step.State.Answers)
		}
		return
	}
	c := step.Changes[0]
	if before.Stage != StageAsking || c.Code != before.Current || c.Clear {
		t.Fatalf("change %+v for input %+v while %s at %q", c, in, before.Stage, before.Current)
	}
	q := form.compiled.order[form.compiled.pos[c.Code]]
	if !acceptable(q, before, in, c.Value) {
		t.Fatalf("input %+v to %s (%s) saved %q", in, q.ID, q.Type, c.Value)
	}
}

// acceptable is an independent reading of what a valid answer is.
func acceptable(q *Question, before State, in Input, value string) bool {
	if p := before.Pending; p != nil && p.Question == q.ID && value == p.Value {
		// A yes to what was asked back ("Anh/chị muốn ghi 15 đúng không?").
		yes, _ := yesNo(in.Text)
		return in.Button == "chk:"+q.ID+":1" || (in.Button == "" && yes == "1")
	}
	if in.Button != "" {
		return in.Button == "ans:"+q.ID+":"+value || (in.Button == "nav:"+q.ID+":skip" && !q.Required && value == "")
	}
	if value == "" {
		return !q.Required && command(in.Text) == cmdSkip
	}
	switch q.Type {
	case TypeCount, TypeDecimal:
		r, err := locales.ReadNumber(in.Text, q.Type == TypeCount)
		n, perr := strconv.ParseFloat(value, 64)
		return err == nil && r.Confirm == nil && perr == nil && r.Value == n && !math.IsNaN(n) &&
			(q.Min == nil || n >= *q.Min) && (q.Max == nil || n <= *q.Max)
	case TypeYesNo:
		if n, err := strconv.Atoi(phrase(in.Text)); err == nil && (n == 1 || n == 2) {
			return value == map[int]string{1: "1", 2: "0"}[n] // the buttons, as numbered
		}
		v, ok := yesNo(in.Text)
		return ok && v == value
	case TypeChoice:
		return slices.ContainsFunc(q.Choices, func(c Choice) bool { return c.Code == value })
	}
	return utf8.ValidString(value) && value == strings.TrimSpace(value) &&
		utf8.RuneCountInString(value) <= maxLen(q) && !strings.ContainsRune(value, 0) &&
		strings.ContainsFunc(value, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

func BenchmarkEngineStep(b *testing.B) {
	form := communeForm(b)
	e := NewEngine(locales.MustLoad())
	ctx := Context{Lang: locales.VI, UnitName: "Xã Yên Phúc", PeriodLabel: "báo cáo 6 tháng (01/11/2024–30/04/2025)"}
	st := e.Start(form, firstAnswers(form, communeAnswers(), 3), ctx).State
	in := Input{Text: "1.234"}
	for b.Loop() {
		step := e.Handle(form, st, in, ctx)
		if len(step.Changes) == 0 {
			b.Fatal("the answer was not accepted")
		}
	}
}

// Random conversations (fixed seed) keep every invariant over many steps:
// the saved answers always equal the state's, no invalid input saves
// anything, and a submitted report is complete and consistent.
func TestRandomConversationsKeepInvariants(t *testing.T) {
	form := communeForm(t)
	e := NewEngine(locales.MustLoad())
	rng := rand.New(rand.NewPCG(28, 2021))
	all := communeAnswers()
	pool := []string{"0", "1", "2", "3", "12", "35", "180", "1.050", "1.5", "9,5", "-1", "abc", "😀", " ",
		"bỏ qua", "quay lại", "giữ nguyên", "có", "không", "sửa 3", "sửa 12", "sửa 40", "ok", "hủy", "100001"}
	submitted := 0
	for run := range 150 {
		ctx := Context{Lang: []string{locales.VI, locales.EN}[run%2]}
		db := map[string]string{}
		step := e.Start(form, maps.Clone(db), ctx)
		for range 200 {
			in := Input{Text: pool[rng.IntN(len(pool))]}
			if v, ok := all[step.State.Current]; ok && rng.IntN(2) == 0 {
				in.Text = cmp.Or(v, "bỏ qua") // a consistent answer, so walks get far
			}
			if buttons := allButtons(step.Replies); len(buttons) > 0 && rng.IntN(3) == 0 {
				in = Input{Button: buttons[rng.IntN(len(buttons))].Data}
			}
			before := step.State
			if before.Stage == StageCancelled {
				step = e.Start(form, maps.Clone(db), ctx)
			} else {
				step = e.Handle(form, before, in, ctx)
				checkStep(t, form, before, in, step)
			}
			applyChanges(db, step.Changes)
			if !maps.Equal(db, step.State.Answers) {
				t.Fatalf("run %d: saved %v, state %v", run, db, step.State.Answers)
			}
			if step.Submit {
				submitted++
				checkComplete(t, e, form, db)
				break
			}
		}
	}
	t.Logf("%d of 150 random conversations were submitted", submitted)
	if submitted == 0 {
		t.Error("no random conversation reached a submission; the walk tests too little")
	}
}

func allButtons(replies []Reply) []Button {
	var out []Button
	for _, r := range replies {
		for _, row := range r.Buttons {
			out = append(out, row...)
		}
	}
	return out
}

// checkComplete verifies a submitted report independently of the engine's
// own bookkeeping: every relevant question answered, every rule holding.
func checkComplete(t *testing.T, e *Engine, form *Form, answers map[string]string) {
	t.Helper()
	num := func(id string) (float64, bool) {
		v, err := strconv.ParseFloat(answers[id], 64)
		return v, err == nil && answers[id] != ""
	}
	for _, q := range e.Questions(form, answers) {
		if _, ok := answers[q.ID]; !ok {
			t.Fatalf("submitted without an answer to %s: %v", q.ID, answers)
		}
		for _, c := range q.Constraints {
			if c.Soft {
				continue // a warning the person may accept: true data can break it
			}
			x, err := parseExpr(c.Rule)
			if err != nil {
				t.Fatal(err)
			}
			if ok, known := x.eval(num); known && !ok {
				t.Fatalf("submitted with %s broken: %v", c.Rule, answers)
			}
		}
	}
}
