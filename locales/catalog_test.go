package locales

import (
	"fmt"
	"strings"
	"testing"
)

// Every message must exist in both languages: a collaborator must never see
// a raw key or an English sentence in a Vietnamese chat.
func TestEveryMessageInBothLanguages(t *testing.T) {
	vi, err := MessageIDs(VI)
	if err != nil {
		t.Fatal(err)
	}
	en, err := MessageIDs(EN)
	if err != nil {
		t.Fatal(err)
	}
	if len(vi) == 0 {
		t.Fatal("no Vietnamese messages found")
	}
	for id := range vi {
		if !en[id] {
			t.Errorf("message %s has Vietnamese but no English text", id)
		}
	}
	for id := range en {
		if !vi[id] {
			t.Errorf("message %s has English but no Vietnamese text", id)
		}
	}
}

func TestCatalogRendersBothLanguagesAndMarksMissing(t *testing.T) {
	c := MustLoad()
	if got := c.T(VI, "yes"); got != "Có" {
		t.Errorf("vi yes = %q", got)
	}
	if got := c.T(EN, "yes"); got != "Yes" {
		t.Errorf("en yes = %q", got)
	}
	if got := c.T("fr", "yes"); got != "Có" {
		t.Errorf("unknown language should fall back to Vietnamese, got %q", got)
	}
	if got := c.T(VI, "no.such.key"); !strings.Contains(got, "no.such.key") {
		t.Errorf("missing key rendered as %q", got)
	}
}

func TestNormaliseLang(t *testing.T) {
	for in, want := range map[string]string{"vi-VN": VI, "en_US": EN, "en": EN, "": VI, "fr": VI} {
		if got := NormaliseLang(in, VI); got != want {
			t.Errorf("NormaliseLang(%q) = %q, want %q", in, got, want)
		}
	}
}

// A Vietnamese plural message with only an "other" form renders for every
// count, 0 and 1 included (go-i18n's Vietnamese rule has a "one" form).
func TestVietnamesePluralsWithOnlyOther(t *testing.T) {
	c := MustLoad()
	for _, n := range []int{0, 1, 2, 21} {
		got := c.N(VI, "flows_intro_resume", n, nil)
		if strings.HasPrefix(got, "[") || !strings.Contains(got, fmt.Sprint(n)) {
			t.Errorf("count %d rendered %q", n, got)
		}
	}
}
