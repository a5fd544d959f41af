package locales

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// Each package keeps its strings in its own file pair (bot.vi.yaml,
// bot.en.yaml, ...) so that work on one part never edits another's file.
//
//go:embed messages/*.yaml
var messageFiles embed.FS

// Catalog renders message IDs into a language.
type Catalog struct {
	localizers map[string]*i18n.Localizer
}

// Load parses the embedded catalogues; a malformed file fails start-up.
func Load() (*Catalog, error) {
	bundle := i18n.NewBundle(language.Vietnamese)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	files, err := fs.Glob(messageFiles, "messages/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list catalogues: %w", err)
	}
	for _, f := range files {
		if _, err := bundle.LoadMessageFileFS(messageFiles, f); err != nil {
			return nil, fmt.Errorf("load catalogue %s: %w", path.Base(f), err)
		}
	}
	return &Catalog{localizers: map[string]*i18n.Localizer{
		VI: i18n.NewLocalizer(bundle, VI),
		EN: i18n.NewLocalizer(bundle, EN),
	}}, nil
}

// MustLoad is Load for tests and for start-up, where a broken embedded
// catalogue is a programming error.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// T renders message id in lang with optional template data. A missing
// message renders as "[id]" so it shows in transcripts and tests instead of
// vanishing.
func (c *Catalog) T(lang, id string, data ...map[string]any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	return c.localize(lang, cfg)
}

// N renders a message whose wording depends on count (plural forms).
func (c *Catalog) N(lang, id string, count int, data map[string]any) string {
	if data == nil {
		data = map[string]any{}
	}
	data["Count"] = count
	return c.localize(lang, &i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: data})
}

func (c *Catalog) localize(lang string, cfg *i18n.LocalizeConfig) string {
	l, ok := c.localizers[lang]
	if !ok {
		l = c.localizers[VI]
	}
	s, err := l.Localize(cfg)
	if err != nil && cfg.PluralCount != nil {
		// Recent CLDR data gives Vietnamese a "one" form (for 0 and 1) that
		// reads exactly like "other"; a message that defines only "other"
		// uses it rather than showing its id.
		cfg.PluralCount = 2
		s, err = l.Localize(cfg)
	}
	if err != nil {
		return "[" + cfg.MessageID + "]"
	}
	return strings.TrimRight(s, "\n")
}

// MessageIDs lists the IDs defined for lang, for the missing-key test.
func MessageIDs(lang string) (map[string]bool, error) {
	ids := map[string]bool{}
	files, err := fs.Glob(messageFiles, "messages/*."+lang+".yaml")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		raw, err := messageFiles.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := yaml.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for id := range m {
			ids[strings.TrimSuffix(path.Base(f), "."+lang+".yaml")+"/"+id] = true
		}
	}
	return ids, nil
}
