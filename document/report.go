package document

import "time"

// Period kinds, as the title words them.
const (
	SixMonthly = "six_monthly"
	Yearly     = "yearly"
)

// Target states of an indicator part, as reports names them.
const (
	StatusMet      = "met"
	StatusNotMet   = "not_met"
	StatusNoData   = "no_data"
	StatusNoTarget = "no_target"
)

// Timeliness of one unit's report.
const (
	OnTime  = "on_time"
	Late    = "late"
	Missing = "missing"
)

// Report is everything the document says, already in its language: the
// renderers only lay it out.
type Report struct {
	Lang string // locales.VI or locales.EN
	// ParentBody is the body above the issuer (cơ quan chủ quản), or "";
	// IssuingBody is the issuer itself. Both may hold "\n" line breaks.
	ParentBody  string
	IssuingBody string
	NumberCode  string // the issuer's abbreviation in "Số: …/BC-UBND"
	UnitCode    string // VQ-XL, for the file name
	UnitName    string // the reporting unit: "Xã Xuân Long"
	UnitLevel   string // storage's level: commune, district, ...
	PeriodCode  string // 2025-H1
	PeriodLabel string // what it covers and when it is due
	PeriodKind  string // SixMonthly or Yearly
	Year        int    // the year the title names
	Place       string // "Xuân Long", before the date
	Date        time.Time
	SignerTitle string // "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
	SignerName  string // "" leaves the space to be filled by hand
	PlanName    string // the plan the report is on
	Milestone   int    // the target year the statuses are judged against

	Completeness Completeness
	// Offices are the offices' own reports the unit counts on besides its
	// communes' (a district's yearly report); empty when none is owed.
	Offices      Completeness
	Parts        []PartRow
	HiddenNote   string   // why some results read "< 5" or "—*" ("" when none does)
	Notes        []string // plausibility notes, one sentence each
	MoreNotes    int      // notes left out to keep the document short
	PreviousCode string   // the period the notes compare with
	Remarks      []UnitRemarks
	Recipients   []string
}

// Completeness says which units under the reporting unit have sent.
type Completeness struct {
	Expected, OnTime, Late, Missing int
	Units                           []UnitState
}

// Submitted is how many expected units have a counted report.
func (c Completeness) Submitted() int { return c.OnTime + c.Late }

// UnitState is one expected unit and where its report stands.
type UnitState struct {
	Name   string
	Parent string // the unit above it when that is not the reporting unit: its commune in a district's report
	State  string // OnTime, Late or Missing
}

// PartRow is one indicator part as the table shows it.
type PartRow struct {
	Code       string
	Name       string
	Figure     string // formatted: "7,1‰", "—" for no data
	Target2025 string // formatted with its bound: "<9,5‰", "—"
	Target2030 string
	Status     string // against Milestone: StatusMet, ...
}

// UnitRemarks is what one unit wrote in its report's free-text answers.
type UnitRemarks struct {
	Unit  string
	Items []Remark
}

// Remark is one free-text answer with the question's short label.
type Remark struct {
	Label string // "Khó khăn, vướng mắc"
	Text  string
}
