package flows

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// The forms ship inside the binary so that a deployment cannot run with a
// questionnaire that differs from the one its storage was seeded for.
//
//go:embed forms/*.yaml forms/questions/*.yaml
var formFiles embed.FS

// LoadForms parses and validates every embedded form, keyed by form id.
// A broken form is an error here, so the program fails at start.
func LoadForms() (map[string]*Form, error) {
	if _, err := embeddedLibrary(); err != nil {
		return nil, fmt.Errorf("load question library: %w", err)
	}
	files, err := fs.Glob(formFiles, "forms/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list forms: %w", err)
	}
	forms := make(map[string]*Form, len(files))
	for _, name := range files {
		raw, err := formFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read form %s: %w", name, err)
		}
		f, err := ParseForm(raw)
		if err != nil {
			return nil, fmt.Errorf("load form %s: %w", path.Base(name), err)
		}
		if want := strings.TrimSuffix(path.Base(name), ".yaml"); f.ID != want {
			return nil, fmt.Errorf("load form %s: id %q does not match the file name", path.Base(name), f.ID)
		}
		forms[f.ID] = f
	}
	return forms, nil
}

// ParseForm decodes one form strictly and validates it; the error names
// the form and the field at fault. The returned form is ready for the
// engine and safe to share between goroutines (the engine never mutates it).
//
// # Form format
//
// A form is one YAML document, decoded strictly: an unknown or misspelt
// field is an error, so is a second document in the same file.
//
//	id: commune_report          # [a-z][a-z0-9_]*, also the file name
//	version: 1
//	reporter: commune           # village | commune | office
//	office: GDDT                # the owning office's code; office forms only, and required there
//	periods: [yearly]           # six_monthly, yearly; left out: every kind
//	title: {vi: "...", en: "..."}
//	sections:
//	  - id: population
//	    title: {vi: "Dân số trẻ em", en: "Child population"}
//	    questions:
//	      - id: children_u5     # the data element code the answer fills
//	        type: count         # count | decimal | yesno | choice | text
//	        label: {vi: "Số trẻ em dưới 5 tuổi", en: "Children under 5"}
//	        help: {vi: "...", en: "..."}   # optional, both languages if given
//	        required: true      # false: the user may press "Skip"
//	        min: 0              # count and decimal only
//	        max: 100000
//	        relevant_if: "children_u1 > 0"
//	        constraints:
//	          - rule: "children_u1 <= children_u5"
//	            message: {vi: "... ({children_u1}) ...", en: "..."}
//	      - id: data_source
//	        type: choice
//	        choices:            # choice only; codes [a-z0-9_]{1,16}, unique
//	          - {code: records, label: {vi: "Sổ sách, hồ sơ", en: "Records"}}
//	      - id: difficulties
//	        type: text
//	        max_len: 1000       # text only; default 1000, at most 4000
//
// A question of the library (forms/questions/*.yaml, see LoadLibrary) is
// asked by its id alone, with at most its label and help reworded:
//
//	questions:
//	  - id: children_u1   # type, bounds, rules: the library's
//	  - id: live_births
//	    help: {vi: "Theo sổ hộ tịch...", en: "From the register..."}
//
// A form may not define a library id itself. The library's constraints
// that read a question the form does not ask are left out; its relevance
// conditions are not, so a form asks what decides them. "{unit}" in a
// label or help is the reporting unit's name; no other braces are allowed.
//
// Every title, label, choice label and constraint message needs both "vi"
// and "en". Question ids are at most 40 characters, so that button data
// ("ans:<id>:<code>") fits Telegram's 64-byte limit.
//
// # Conditions
//
// relevant_if and constraint rules share one small language:
//
//	<sum> <op> <sum>     op: <  <=  =  !=  >=  >
//	sum = term (+ term)*  term: a question id or a number (12, 0.5)
//
// A relevance condition may read only questions that come earlier in the
// form, so answering in order always settles it; when it is false the
// question is not asked and an earlier answer to it is cleared. It is false
// while an operand is unanswered or skipped. A constraint is checked when
// its question is answered; it must mention its own question and may read
// only that question and earlier ones; it passes while an operand is
// unanswered or skipped. Yes/no answers compare as 1 and 0 but may not be
// added; choice and text answers cannot appear in conditions at all.
// "{id}" in a constraint message is replaced by that question's answer,
// formatted for the reader; it must name a question the rule reads.
func ParseForm(data []byte) (*Form, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f Form
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("decode form: the file is empty")
		}
		return nil, fmt.Errorf("decode form%s: %w", formName(data), err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("decode form %q: more than one YAML document", f.ID)
	}
	lib, err := embeddedLibrary()
	if err != nil {
		return nil, fmt.Errorf("load question library: %w", err)
	}
	p, err := compile(&f, lib)
	if err != nil {
		return nil, err
	}
	f.compiled = p
	return &f, nil
}

// formName reads just the id of a form that failed strict decoding, so the
// error can still say which form it was.
func formName(data []byte) string {
	var head struct {
		ID string `yaml:"id"`
	}
	if yaml.Unmarshal(data, &head) != nil || head.ID == "" {
		return ""
	}
	return fmt.Sprintf(" %q", head.ID)
}

// plan is a validated form flattened for the engine: questions in order,
// with their conditions parsed.
type plan struct {
	order     []*Question
	pos       map[string]int
	sectionOf []int     // section index of each question
	relevant  []*expr   // nil: always asked
	rules     [][]*expr // parallel to each question's Constraints
}

// planOf returns f's plan, compiling it when f was built by hand rather
// than by ParseForm (tests, tools); it never writes to f, so shared forms
// stay race-free.
func planOf(f *Form) (*plan, error) {
	if f == nil {
		return nil, errors.New("no form")
	}
	if f.compiled != nil {
		return f.compiled, nil
	}
	return compile(f, nil)
}

// FormError is one problem in a form definition.
type FormError struct {
	Form    string // form id, "" when the form has none
	Library string // the question library file at fault, instead of a form
	Field   string // where: `question "deaths_u1": relevant_if`
	Problem string
}

// Error reads like `form "commune_report": question "x": label: missing "en" text`.
func (e *FormError) Error() string {
	form := fmt.Sprintf("form %q", e.Form)
	switch {
	case e.Library != "":
		form = fmt.Sprintf("question library %q", e.Library)
	case e.Form == "":
		form = "form without id"
	}
	return form + ": " + e.Field + ": " + e.Problem
}
