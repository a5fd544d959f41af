package flows

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"treembot/locales"
)

// planZone is the plan's time zone (Asia/Ho_Chi_Minh, UTC+7 all year).
var planZone = time.FixedZone("ICT", 7*3600)

var update = flag.Bool("update", false, "rewrite the transcripts and expected errors in flows/testdata")

// A transcript (testdata/*.txt) is a header of "key: value" lines (form,
// lang, unit, period, answers) and "#" comments, then one block per user
// input: "> input" and below it what the user sees: each reply's text,
// its buttons as "[label]" rows, "---" between replies, and "=>" lines for
// what the engine asked the caller to save. The header may also set now,
// deadline and closes ("2025-06-02T08:00", in the plan's time zone) for
// the lateness note. Inputs:
//
//	> /report          Start from the answers saved so far (as the bot does)
//	> [Có]             press the button labelled "Có" on the latest keyboard
//	> {ans:q1:1}       press a button with this data (an old keyboard)
//	> $empty           an input with no text at all (after a sticker)
//	> $repeat(ab,10)   "ab" typed 10 times
//	> anything else    typed text
//
// The test replays the inputs; with -update it rewrites the file from what
// the engine now says, and the diff is reviewed before committing.
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts found: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := replay(t, string(raw))
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(raw) {
				t.Errorf("%s differs from the engine's output (go test ./flows -update rewrites it):\n%s", path, firstDifference(string(raw), got))
			}
		})
	}
}

// script is a parsed transcript.
type script struct {
	header  []string
	form    *Form
	ctx     Context
	answers map[string]string
	inputs  []string
}

func parseScript(t *testing.T, raw string) script {
	t.Helper()
	sc := script{answers: map[string]string{}}
	lines := strings.Split(strings.TrimRight(raw, "\n"), "\n")
	inHeader := true
	for _, line := range lines {
		if in, ok := strings.CutPrefix(line, "> "); ok {
			inHeader = false
			sc.inputs = append(sc.inputs, in)
			continue
		}
		if !inHeader {
			continue
		}
		sc.header = append(sc.header, line)
		key, value, _ := strings.Cut(line, ": ")
		switch key {
		case "form":
			sc.form = loadTestForm(t, value)
		case "lang":
			sc.ctx.Lang = value
		case "unit":
			sc.ctx.UnitName = value
		case "period":
			sc.ctx.PeriodLabel = value
		case "now", "deadline", "closes":
			at, err := time.ParseInLocation("2006-01-02T15:04", value, planZone)
			if err != nil {
				t.Fatalf("header %s: %v", key, err)
			}
			*map[string]*time.Time{"now": &sc.ctx.Now, "deadline": &sc.ctx.Deadline, "closes": &sc.ctx.ClosesAt}[key] = at
		case "answers":
			for _, pair := range strings.Fields(value) {
				k, v, _ := strings.Cut(pair, "=")
				sc.answers[k] = v
			}
		}
	}
	for len(sc.header) > 0 && strings.TrimSpace(sc.header[len(sc.header)-1]) == "" {
		sc.header = sc.header[:len(sc.header)-1]
	}
	if sc.form == nil {
		t.Fatal("transcript header names no form")
	}
	return sc
}

// loadTestForm returns an embedded form by id, or parses a file path.
func loadTestForm(t *testing.T, name string) *Form {
	t.Helper()
	if strings.HasSuffix(name, ".yaml") {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ParseForm(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return f
	}
	forms, err := LoadForms()
	if err != nil || forms[name] == nil {
		t.Fatalf("form %s: %v", name, err)
	}
	return forms[name]
}

// replay runs the script and renders it back in the same format. The
// saved answers are kept apart from the engine's state, as the database
// is, and the two must agree after every step: that is what lets a lost
// session be rebuilt from the database alone.
func replay(t *testing.T, raw string) string {
	sc := parseScript(t, raw)
	e := NewEngine(locales.MustLoad())
	db := maps.Clone(sc.answers)
	var st State
	var last []Reply
	var b strings.Builder
	b.WriteString(strings.Join(sc.header, "\n") + "\n")
	for _, in := range sc.inputs {
		var step Step
		if in == "/report" {
			step = e.Start(sc.form, maps.Clone(db), sc.ctx)
		} else {
			step = e.Handle(sc.form, st, scriptInput(t, in, last), sc.ctx)
		}
		applyChanges(db, step.Changes)
		if !maps.Equal(db, step.State.Answers) {
			t.Errorf("after %q the saved answers %v differ from the state's %v", in, db, step.State.Answers)
		}
		if strings.Contains(renderStep(step), "[flows_") {
			t.Errorf("after %q a reply names a message missing from the catalogue", in)
		}
		st, last = step.State, step.Replies
		b.WriteString("\n> " + in + "\n" + renderStep(step))
	}
	return b.String()
}

// applyChanges does to db what the caller does to the database.
func applyChanges(db map[string]string, changes []Change) {
	for _, c := range changes {
		if c.Clear {
			delete(db, c.Code)
		} else {
			db[c.Code] = c.Value
		}
	}
}

// scriptInput turns a transcript input line into an engine Input.
func scriptInput(t *testing.T, in string, last []Reply) Input {
	t.Helper()
	switch {
	case in == "$empty":
		return Input{}
	case strings.HasPrefix(in, "$repeat(") && strings.HasSuffix(in, ")"):
		s, n, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(in, "$repeat("), ")"), ",")
		count, err := strconv.Atoi(n)
		if err != nil {
			t.Fatalf("bad input %q", in)
		}
		return Input{Text: strings.Repeat(s, count)}
	case strings.HasPrefix(in, "{") && strings.HasSuffix(in, "}"):
		return Input{Button: in[1 : len(in)-1]}
	case strings.HasPrefix(in, "[") && strings.HasSuffix(in, "]"):
		label := in[1 : len(in)-1]
		for _, r := range last {
			for _, row := range r.Buttons {
				for _, btn := range row {
					if btn.Label == label {
						return Input{Button: btn.Data}
					}
				}
			}
		}
		t.Errorf("no button %q on the latest keyboard", label)
		return Input{}
	}
	return Input{Text: in}
}

// renderStep shows a step as the user sees it, plus what it saves.
func renderStep(step Step) string {
	var b strings.Builder
	for i, r := range step.Replies {
		if i > 0 {
			b.WriteString("---\n")
		}
		b.WriteString(r.Text + "\n")
		for _, row := range r.Buttons {
			labels := make([]string, len(row))
			for k, btn := range row {
				labels[k] = "[" + btn.Label + "]"
			}
			b.WriteString(strings.Join(labels, " ") + "\n")
		}
	}
	for _, c := range step.Changes {
		if c.Clear {
			fmt.Fprintf(&b, "=> cleared %s\n", c.Code)
		} else {
			fmt.Fprintf(&b, "=> saved %s = %q\n", c.Code, c.Value)
		}
	}
	if step.Submit {
		b.WriteString("=> submit\n")
	}
	return b.String()
}

func firstDifference(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d\nwant: %s\n got: %s", i+1, w, g)
		}
	}
	return "(no difference)"
}
