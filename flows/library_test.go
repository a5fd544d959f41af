package flows

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// A broken library fails at start with every problem named by file and
// question.
func TestBrokenLibraryFailsWithExactErrors(t *testing.T) {
	const kids = `questions:
  - id: kids
    type: count
    label: {vi: "Số trẻ", en: "Children"}
`
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"defined twice", map[string]string{"a.yaml": kids, "b.yaml": kids},
			`question library "b.yaml": question "kids": defined twice in the library`},
		{"unknown field", map[string]string{"a.yaml": kids + "    lable: {vi: x, en: y}\n"},
			"question library a.yaml: yaml: unmarshal errors:\n  line 5: field lable not found in type flows.Question"},
		{"empty file", map[string]string{"a.yaml": "questions: []\n"},
			`question library "a.yaml": questions: the file defines no question`},
		{"a reference in the library", map[string]string{"a.yaml": kids + "  - id: babies\n"},
			`question library "a.yaml": question "babies": type: missing (only a question of the library, forms/questions, may leave it out)` + "\n" +
				`question library "a.yaml": question "babies": label: missing "vi" text` + "\n" +
				`question library "a.yaml": question "babies": label: missing "en" text`},
		{"a condition on an unknown question", map[string]string{"a.yaml": kids +
			"    relevant_if: \"babies > 0\"\n    constraints:\n      - rule: \"kids <= 10\"\n        message: {vi: \"Nhiều quá\"}\n"},
			`question library "questions": question "kids": relevant_if: unknown question "babies" (a library condition reads only library questions)` + "\n" +
				`question library "questions": question "kids": constraints[0]: message: missing "en" text`},
		{"a constraint that cannot be fixed", map[string]string{"a.yaml": kids + `  - id: babies
    type: count
    label: {vi: "Số trẻ sơ sinh", en: "Babies"}
    constraints:
      - rule: "kids <= 10"
        message: {vi: "Nhiều quá", en: "Too many"}
`}, `question library "questions": question "babies": constraints[0]: rule: does not mention the question itself, so no answer could ever fix it`},
	}
	for _, c := range cases {
		fsys := fstest.MapFS{}
		for name, body := range c.files {
			fsys["q/"+name] = &fstest.MapFile{Data: []byte(body)}
		}
		_, err := LoadLibrary(fsys, "q/*.yaml")
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error =\n%v\nwant\n%s", c.name, err, c.want)
		}
	}
}

// A library constraint is kept where the form asks every question it
// reads and left out where it does not: the health office asks the
// under-5s but not the under-1s.
func TestLibraryConstraintsFollowTheQuestionsAsked(t *testing.T) {
	forms, err := LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	rules := func(form, id string) []string {
		var out []string
		for _, q := range forms[form].compiled.order {
			if q.ID == id {
				for _, c := range q.Constraints {
					out = append(out, c.Rule)
				}
			}
		}
		return out
	}
	if got := rules("village_report", "children_u5"); !slices.Equal(got, []string{"children_u1 <= children_u5"}) {
		t.Errorf("village children_u5 rules = %v", got)
	}
	if got := rules("office_yte", "children_u5"); len(got) != 0 {
		t.Errorf("health office children_u5 rules = %v, want none (it does not ask children_u1)", got)
	}
	if got := rules("office_yte", "deaths_u1"); !slices.Equal(got, []string{"deaths_u28d <= deaths_u1", "deaths_u1 <= live_births"}) {
		t.Errorf("health office deaths_u1 rules = %v", got)
	}
}

// xaCommune finds the word "xã" (a commune); "xã hội" (society) is
// removed before looking.
var xaCommune = regexp.MustCompile(`(^|[^\p{L}])xã($|[^\p{L}])`)

// A village collaborator is never asked about the commune: nothing the
// village form shows says "xã", and the labels that count children name
// the village itself.
func TestVillageFormNeverSaysCommune(t *testing.T) {
	forms, err := LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	f := forms["village_report"]
	shown := []string{f.Title["vi"]}
	for _, s := range f.Sections {
		shown = append(shown, s.Title["vi"])
		for _, q := range s.Questions {
			shown = append(shown, q.Label["vi"], q.Help["vi"])
			for _, ch := range q.Choices {
				shown = append(shown, ch.Label["vi"])
			}
		}
	}
	if !xaCommune.MatchString("ở xã Yên Phúc") || xaCommune.MatchString("xãi") {
		t.Fatal("the pattern does not find the word")
	}
	for _, s := range shown {
		if xaCommune.MatchString(strings.ReplaceAll(strings.ToLower(s), "xã hội", "")) {
			t.Errorf("the village form says %q", s)
		}
	}
	step := NewEngine(testCatalog).Start(f, map[string]string{}, Context{Lang: "vi", UnitName: "Thôn Pác Làng"})
	if got := replyText(step); !strings.Contains(got, "Số trẻ em dưới 1 tuổi đang ở Thôn Pác Làng") {
		t.Errorf("first question does not name the village:\n%s", got)
	}
}
