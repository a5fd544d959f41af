package flows

import (
	"slices"
	"strconv"
	"strings"

	"treembot/locales"
)

// fold lower-cases s, strips Vietnamese diacritics, and collapses runs of
// spaces, so typed words can be compared with labels.
func fold(s string) string { return locales.Fold(s) }

// phrase folds s and drops what people add around a short answer: closing
// punctuation, a leading "dạ" and a trailing "ạ" ("Dạ có ạ." is "có").
func phrase(s string) string {
	f := strings.TrimRight(fold(s), ".!?… ")
	f = strings.TrimPrefix(f, "da ")
	if len(f) > 2 {
		f = strings.TrimSuffix(f, " a")
	}
	return strings.TrimSpace(f)
}

// Commands a user can type at any question, in both languages always: a
// Vietnamese user on an English phone still types "quay lại".
const (
	cmdBack   = "back"
	cmdSkip   = "skip"
	cmdCancel = "cancel"
	cmdKeep   = "keep"
)

var commandWords = map[string]string{
	"back": cmdBack, "quay lai": cmdBack, "lui": cmdBack, "tro lai": cmdBack, "go back": cmdBack,
	"skip": cmdSkip, "bo qua": cmdSkip,
	"cancel": cmdCancel, "huy": cmdCancel, "huy bo": cmdCancel, "/cancel": cmdCancel,
	"tam dung": cmdCancel, "dung lai": cmdCancel, "stop": cmdCancel, "pause": cmdCancel,
	"keep": cmdKeep, "giu nguyen": cmdKeep, "giu": cmdKeep,
}

// command returns the navigation command text names, or "".
func command(text string) string {
	f := phrase(text)
	if c, ok := commandWords[f]; ok {
		return c
	}
	// The button labels typed back ("◀ Quay lại") work too.
	return commandWords[strings.TrimSpace(strings.TrimLeft(f, "◀< "))]
}

var yesWords = map[string]bool{"co": true, "c": true, "yes": true, "y": true, "1": true, "vang": true, "u": true, "co dat": true}
var noWords = map[string]bool{
	"khong": true, "k": true, "no": true, "n": true, "0": true, "ko": true, "kh": true,
	"khong co": true, "chua": true, "chua co": true, "khong dat": true, "chua dat": true,
}

// yesNo reads a typed yes or no as "1" / "0".
func yesNo(text string) (string, bool) {
	f := phrase(text)
	switch {
	case yesWords[f]:
		return "1", true
	case noWords[f]:
		return "0", true
	}
	return "", false
}

// choiceOf reads a choice by its code or label in either language, by
// its number ("2"), or by the start of exactly one label ("khảo sát").
// A label typed as it is shown wins over a number: at a year question
// "2023" is the year 2023, not button number 2023. number is true when
// text was read as a number, in range or not.
func choiceOf(q *Question, text string) (code string, number bool) {
	f := phrase(text)
	var prefixed []string
	for _, ch := range q.Choices {
		if f == ch.Code {
			return ch.Code, false
		}
		for _, label := range ch.Label {
			l := phrase(label)
			if f == l {
				return ch.Code, false
			}
			if len(f) >= 3 && strings.HasPrefix(l, f) && !slices.Contains(prefixed, ch.Code) {
				prefixed = append(prefixed, ch.Code)
			}
		}
	}
	if n, err := strconv.Atoi(f); err == nil {
		if n >= 1 && n <= len(q.Choices) {
			return q.Choices[n-1].Code, true
		}
		return "", true
	}
	if len(prefixed) == 1 {
		return prefixed[0], false
	}
	return "", false
}

// confirmWords send the report: only words that can mean nothing else.
var confirmWords = map[string]bool{
	"xac nhan": true, "xac nhan gui": true, "gui": true, "gui di": true, "dong y": true, "dong y gui": true,
	"confirm": true, "confirm and send": true, "send": true, "submit": true,
}

// looseYes may say yes to anything: at the review they show how to send.
var looseYes = map[string]bool{"ok": true, "oke": true, "okay": true, "okie": true, "duoc": true, "dung": true,
	"dung roi": true, "xong": true, "done": true, "yes": true, "y": true, "co": true, "1": true, "vang": true}

func isLooseYes(text string) bool { return looseYes[phrase(text)] }

// isConfirm reports whether text confirms the review; the button label
// typed back ("✅ Xác nhận gửi") counts.
func isConfirm(text string) bool {
	f := strings.TrimSpace(strings.TrimPrefix(phrase(text), "✅"))
	return confirmWords[f]
}

var editWords = map[string]bool{
	"sua": true, "sua cau": true, "sua lai": true, "sua lai cau": true, "cau": true,
	"edit": true, "edit question": true, "change": true, "question": true,
}

// editNumber reads "sửa 5", "sua cau 5", "edit 5" as 5.
func editNumber(text string) (int, bool) {
	fields := strings.Fields(phrase(text))
	if len(fields) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(fields[len(fields)-1], "."))
	if err != nil || !editWords[strings.Join(fields[:len(fields)-1], " ")] {
		return 0, false
	}
	return n, true
}
