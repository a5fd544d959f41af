package reports

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"treembot/locales"
	"treembot/storage"
)

// ChartFont is the typeface charts are drawn in: Liberation Sans, which
// plot embeds and which has every Vietnamese letter (ạ, ế, ữ, đ, …) as
// well as ‰, ≤ and ≥ (TestChartFontCoversVietnamese checks).
var ChartFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Chart size: readable in a Telegram photo on a phone and on a desktop.
const (
	chartWidth  = 20 * vg.Centimeter
	chartHeight = 12 * vg.Centimeter
)

// FindPart finds a part by its code ("3a", "4C-RURAL") or by an indicator
// code that has a single part ("16"). An indicator with several parts
// ("4") returns their codes instead.
func FindPart(parts []PartResult, code string) (idx int, choices []string, ok bool) {
	code = strings.ToLower(strings.TrimSpace(code))
	for i, p := range parts {
		if strings.ToLower(p.Part.Code) == code {
			return i, nil, true
		}
	}
	for i, p := range parts {
		if strings.ToLower(p.Part.IndicatorCode) == code {
			idx = i
			choices = append(choices, p.Part.Code)
		}
	}
	if len(choices) == 1 {
		return idx, nil, true
	}
	return 0, choices, false
}

// ChartPNG draws one part as a bar per unit under the breakdown's root
// (the root itself when it has none, or when only the root has figures:
// an office's report filed for the whole district), with the 2025 and 2030 targets as
// lines. Units without data get no bar and say so under their name.
func ChartPNG(cat *locales.Catalog, lang string, b *Breakdown, idx int) ([]byte, error) {
	part := b.Parts[idx]
	p := plot.New()
	sans := func(size vg.Length) font.Font { return font.From(ChartFont, size) }
	p.Title.Text = chartTitle(lang, b, part)
	p.Title.TextStyle.Font = sans(13)
	p.Y.Label.Text = cat.T(lang, "reports_chart_axis_"+part.Part.Unit)
	p.Y.Label.TextStyle.Font, p.Y.Tick.Label.Font, p.X.Tick.Label.Font = sans(11), sans(10), sans(10)
	p.Legend.TextStyle.Font = sans(10)
	p.Legend.Top = true
	p.Y.Min = 0

	names, values, labels := chartBars(cat, lang, b, idx)
	bars, err := plotter.NewBarChart(values, vg.Points(math.Min(48, 360/float64(len(values)))))
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", part.Part.Code, err)
	}
	bars.Color = color.RGBA{R: 0x2f, G: 0x6f, B: 0xb5, A: 0xff}
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.NominalX(names...)
	if len(names) > 4 {
		p.X.Tick.Label.Rotation = math.Pi / 7
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	}
	if err := addValueLabels(p, values, labels, sans(9)); err != nil {
		return nil, err
	}
	top := maxOf(values)
	for _, t := range []TargetResult{part.T2025, part.T2030} {
		if t.Set {
			top = math.Max(top, t.Value)
			if err := addTargetLine(cat, lang, p, part.Part, t, len(values)); err != nil {
				return nil, err
			}
		}
	}
	p.Y.Max = math.Max(top*1.25, 1) // room for the legend and labels
	w, err := p.WriterTo(chartWidth, chartHeight, "png")
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", part.Part.Code, err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart %s: %w", part.Part.Code, err)
	}
	return buf.Bytes(), nil
}

func chartTitle(lang string, b *Breakdown, part PartResult) string {
	name := part.Part.NameVI
	if lang == locales.EN {
		name = part.Part.NameEN
	}
	return fmt.Sprintf("%s. %s\n%s · %s: %s", part.Part.Code, name, b.Unit.Name, b.Period.Code,
		FormatFigure(lang, part.Part, part.Value))
}

// chartBars lists the bars: names, heights (0 when no data) and labels.
func chartBars(cat *locales.Catalog, lang string, b *Breakdown, idx int) ([]string, plotter.Values, []string) {
	type bar struct {
		name string
		r    PartResult
	}
	var bs []bar
	byChild := false // an office's figures are filed for the whole district, not by commune
	for _, c := range b.Children {
		bs = append(bs, bar{c.Unit.Name, c.Parts[idx]})
		byChild = byChild || c.Parts[idx].Value.OK
	}
	if len(bs) == 0 || !byChild && b.Parts[idx].Value.OK {
		bs = bs[:0]
		bs = append(bs, bar{b.Unit.Name, b.Parts[idx]})
	}
	names, labels := make([]string, len(bs)), make([]string, len(bs))
	values := make(plotter.Values, len(bs))
	for i, x := range bs {
		names[i] = x.name
		switch {
		case x.r.Value.OK:
			values[i] = x.r.Value.Figure
			labels[i] = FormatFigure(lang, x.r.Part, x.r.Value)
		case x.r.Value.Hidden != Shown: // no bar: its height would tell
			labels[i] = FormatFigure(lang, x.r.Part, x.r.Value)
		default:
			labels[i] = cat.T(lang, "reports_chart_no_data")
		}
	}
	return names, values, labels
}

func addValueLabels(p *plot.Plot, values plotter.Values, labels []string, f font.Font) error {
	xys := make(plotter.XYs, len(values))
	for i, v := range values {
		xys[i] = plotter.XY{X: float64(i), Y: v}
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
	if err != nil {
		return fmt.Errorf("chart labels: %w", err)
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font = f
		l.TextStyle[i].XAlign = draw.XCenter
	}
	l.Offset = vg.Point{Y: vg.Points(3)}
	p.Add(l)
	return nil
}

// addTargetLine draws a target across the chart: dashed for 2030.
func addTargetLine(cat *locales.Catalog, lang string, p *plot.Plot, part storage.IndicatorPart, t TargetResult, n int) error {
	line, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: t.Value}, {X: float64(n) - 0.5, Y: t.Value}})
	if err != nil {
		return fmt.Errorf("chart target line: %w", err)
	}
	line.Width = vg.Points(2)
	line.Color = color.RGBA{R: 0xd9, G: 0x53, B: 0x4f, A: 0xff}
	if t.Year == Milestone2030 {
		line.Color = color.RGBA{R: 0x2e, G: 0x9e, B: 0x4f, A: 0xff}
		line.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
	}
	p.Add(line)
	label := cat.T(lang, "reports_chart_target", map[string]any{"Year": t.Year}) + ": " +
		FormatTarget(lang, part, t.Target)
	p.Legend.Add(label, line)
	return nil
}

func maxOf(vs plotter.Values) float64 {
	m := 0.0
	for _, v := range vs {
		m = math.Max(m, v)
	}
	return m
}
