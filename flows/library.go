package flows

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sync"

	"gopkg.in/yaml.v3"
)

// libraryGlob is where the shared questions live, beside the forms.
const libraryGlob = "forms/questions/*.yaml"

// Library holds the questions several forms ask, each defined once
// (forms/questions/*.yaml). A form asks one by writing only its id, and
// may reword its label and help there; everything else (type, bounds,
// relevance, constraints) is the library's, so one data element code
// means one thing in every form.
type Library struct {
	byID  map[string]*Question
	order []string
}

// libraryFile is one file of the library.
type libraryFile struct {
	Questions []Question `yaml:"questions"`
}

// embeddedLibrary is parsed once: forms are parsed at start and in tests.
var embeddedLibrary = sync.OnceValues(func() (*Library, error) {
	return LoadLibrary(formFiles, libraryGlob)
})

// LoadLibrary parses and validates the library files matching glob in
// fsys; an error names the file and the question at fault.
func LoadLibrary(fsys fs.FS, glob string) (*Library, error) {
	names, err := fs.Glob(fsys, glob)
	if err != nil {
		return nil, fmt.Errorf("list question library: %w", err)
	}
	lib := &Library{byID: map[string]*Question{}}
	var errs []error
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read question library %s: %w", name, err)
		}
		errs = append(errs, lib.add(path.Base(name), raw)...)
	}
	errs = append(errs, lib.checkConditions()...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return lib, nil
}

// add decodes one library file strictly and checks each question alone.
func (lib *Library) add(file string, raw []byte) []error {
	c := &checker{library: file}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	var lf libraryFile
	if err := dec.Decode(&lf); err != nil && !errors.Is(err, io.EOF) {
		return []error{fmt.Errorf("question library %s: %w", file, err)}
	}
	if len(lf.Questions) == 0 {
		c.add("questions", "the file defines no question")
	}
	for i := range lf.Questions {
		q := &lf.Questions[i]
		field := questionField(q, i, "the file")
		c.checkQuestion(field, q)
		if _, dup := lib.byID[q.ID]; dup {
			c.add(field, "defined twice in the library")
			continue
		}
		if q.ID != "" {
			lib.byID[q.ID] = q
			lib.order = append(lib.order, q.ID)
		}
	}
	return c.errs
}

// checkConditions checks what each library question's relevance and
// constraints read: questions of the library, since the order they come
// in is only known in a form.
func (lib *Library) checkConditions() []error {
	c := &checker{library: "questions"}
	for _, id := range lib.order {
		q := lib.byID[id]
		field := questionField(q, 0, "")
		if q.RelevantIf != "" {
			lib.checkRefs(c, field+": relevant_if", q.RelevantIf)
		}
		for k, con := range q.Constraints {
			cf := fmt.Sprintf("%s: constraints[%d]", field, k)
			c.checkText(cf+": message", con.Message)
			refs := lib.checkRefs(c, cf+": rule", con.Rule)
			if refs != nil && !slices.Contains(refs, q.ID) {
				c.add(cf+": rule", "does not mention the question itself, so no answer could ever fix it")
			}
		}
	}
	return c.errs
}

// checkRefs parses src and returns the ids it reads, or nil when it does
// not parse or reads a question the library does not define.
func (lib *Library) checkRefs(c *checker, field, src string) []string {
	x, err := parseExpr(src)
	if err != nil {
		c.add(field, "%q: %v", src, err)
		return nil
	}
	refs := x.refs()
	for _, ref := range refs {
		if lib.byID[ref] == nil {
			c.add(field, "unknown question %q (a library condition reads only library questions)", ref)
			refs = nil
		}
	}
	return refs
}

// isReference reports whether q only names a library question (and
// perhaps rewords it): it has no type of its own.
func isReference(q *Question) bool {
	return q.Type == ""
}

// resolve replaces each reference in f by a copy of the library question
// with the form's wording, and drops the library constraints that read a
// question f does not ask. A reference may set nothing but label and help.
func (c *checker) resolve(f *Form, lib *Library) {
	asked := map[string]bool{}
	for _, s := range f.Sections {
		for _, q := range s.Questions {
			asked[q.ID] = true
		}
	}
	for si := range f.Sections {
		s := &f.Sections[si]
		for qi := range s.Questions {
			q := &s.Questions[qi]
			field := questionField(q, qi, sectionField(si, s))
			def := lib.lookup(q.ID)
			switch {
			case def != nil && !isReference(q):
				c.add(field, "is defined in the question library: write only its id here (and label or help to reword it)")
			case def != nil:
				if extra := referenceExtras(q); extra != "" {
					c.add(field+": "+extra, "a library question can only be reworded here (label, help)")
				}
				*q = merged(def, q, asked)
			}
		}
	}
}

func (lib *Library) lookup(id string) *Question {
	if lib == nil {
		return nil
	}
	return lib.byID[id]
}

// referenceExtras names the first field a reference sets beyond its
// wording, or "".
func referenceExtras(q *Question) string {
	switch {
	case q.Required:
		return "required"
	case q.Min != nil || q.Max != nil:
		return "min/max"
	case q.MaxLen != 0:
		return "max_len"
	case len(q.Choices) > 0:
		return "choices"
	case q.RelevantIf != "":
		return "relevant_if"
	case len(q.Constraints) > 0:
		return "constraints"
	}
	return ""
}

// merged is the library question def worded as ref says, keeping only the
// constraints whose every operand the form asks.
func merged(def, ref *Question, asked map[string]bool) Question {
	q := *def
	if len(ref.Label) > 0 {
		q.Label = ref.Label
	}
	if len(ref.Help) > 0 {
		q.Help = ref.Help
	}
	q.Constraints = nil
	for _, con := range def.Constraints {
		x, err := parseExpr(con.Rule)
		if err == nil && !slices.ContainsFunc(x.refs(), func(id string) bool { return !asked[id] }) {
			q.Constraints = append(q.Constraints, con)
		}
	}
	return q
}
