package flows

import "time"

// Question types.
const (
	TypeCount   = "count"   // whole number >= 0, typed the Vietnamese way
	TypeDecimal = "decimal" // number with decimals ("9,5")
	TypeYesNo   = "yesno"   // stored "1" / "0"
	TypeChoice  = "choice"  // one of Choices, stored as the choice code
	TypeText    = "text"    // free text (difficulties, proposals)
)

// Text is a label in each language: {"vi": "...", "en": "..."}.
type Text map[string]string

// Form is a whole questionnaire, grouped in sections.
type Form struct {
	ID      string `yaml:"id"`
	Version int    `yaml:"version"`
	Title   Text   `yaml:"title"`
	// Reporter is who fills the form in: ReporterVillage, ReporterCommune
	// or ReporterOffice (the reporting chain, INDICATORS.md "Who counts what").
	Reporter string `yaml:"reporter"`
	// Office is the owning office's code for an office form ("GDDT").
	Office string `yaml:"office"`
	// Periods lists the period kinds the form is filled for
	// ("six_monthly", "yearly"); empty means every kind.
	Periods  []string  `yaml:"periods"`
	Sections []Section `yaml:"sections"`

	// compiled is set by ParseForm: the validated, flattened form.
	compiled *plan
}

// Section groups questions under a heading.
type Section struct {
	ID        string     `yaml:"id"`
	Title     Text       `yaml:"title"`
	Questions []Question `yaml:"questions"`
}

// Question is one thing asked; its ID is the data element code it fills.
type Question struct {
	ID       string   `yaml:"id"`
	Type     string   `yaml:"type"`
	Label    Text     `yaml:"label"`
	Help     Text     `yaml:"help"`
	Required bool     `yaml:"required"`
	Min      *float64 `yaml:"min"`
	Max      *float64 `yaml:"max"`
	MaxLen   int      `yaml:"max_len"` // text only; default 1000
	Choices  []Choice `yaml:"choices"`
	// RelevantIf is a condition such as "disaster_affected > 0"; when false
	// the question is skipped and any earlier answer to it is cleared.
	RelevantIf  string       `yaml:"relevant_if"`
	Constraints []Constraint `yaml:"constraints"`
}

// Choice is one option of a choice question.
type Choice struct {
	Code  string `yaml:"code"`
	Label Text   `yaml:"label"`
}

// Constraint is a cross-field rule checked when the question is answered,
// e.g. "deaths_u1 <= live_births", with the message shown when it fails.
type Constraint struct {
	Rule    string `yaml:"rule"`
	Message Text   `yaml:"message"`
	// Soft makes the rule a warning: when it fails the person is asked
	// "đúng không?" and may keep the answer (true data can break a rule of
	// thumb, e.g. infant deaths above the period's births).
	Soft bool `yaml:"soft"`
}

// Context is what the engine needs to know about the world for one step.
type Context struct {
	Lang string
	Now  time.Time
	// PeriodLabel is shown in prompts, already formatted by the caller:
	// "kỳ báo cáo 01/11/2024–30/04/2025, hạn 15/05/2025".
	PeriodLabel string
	UnitName    string
	// Deadline is the period's last day to submit (00:00) and ClosesAt the
	// first moment late reports are no longer taken, both in the plan's
	// time zone (the caller converts); once Now is past the deadline day
	// the intro and the review say how late the report is.
	Deadline, ClosesAt time.Time
}

// Reporters of the chain: who fills a form in.
const (
	ReporterVillage = "village" // a village collaborator (or the commune officer on its behalf)
	ReporterCommune = "commune" // the commune officer
	ReporterOffice  = "office"  // an official of the owning office
)

// Period kinds a form can be filled for (Form.Periods); they match the
// storage's period kinds.
const (
	PeriodSixMonthly = "six_monthly"
	PeriodYearly     = "yearly"
)

// Stages of a conversation.
const (
	StageAsking    = "asking"
	StageReview    = "review"
	StageSubmitted = "submitted"
	StageCancelled = "cancelled"
)

// State is a conversation's position; callers store it (JSON) and can
// rebuild it from the saved answers alone with Engine.Start.
type State struct {
	FormID  string            `json:"form"`
	Stage   string            `json:"stage"`
	Current string            `json:"current,omitempty"` // question being asked
	Answers map[string]string `json:"answers"`           // canonical values, "" = skipped
	// Trail is the order questions were answered in, for "back".
	Trail []string `json:"trail,omitempty"`
	// Editing is set when the user chose "edit N" from the review: after the
	// answer, return to the review instead of the next question.
	Editing bool `json:"editing,omitempty"`
	// Resume is the question where "sửa N" was typed: once question N is
	// answered, the conversation returns there.
	Resume string `json:"resume,omitempty"`
	// Pending is an answer to Current asked back before it is stored.
	Pending *Pending `json:"pending,omitempty"`
}

// Input is what the user sent: typed text, or the data of a pressed button.
type Input struct {
	Text   string
	Button string
}

// Button is a choice shown under a reply.
type Button struct {
	Label string
	Data  string
}

// Reply is one message to show.
type Reply struct {
	Text    string
	Buttons [][]Button
}

// Change is one value to write to the database before replying.
type Change struct {
	Code  string
	Value string // canonical
	Clear bool   // remove the value (question no longer relevant)
}

// Step is the outcome of one engine call.
type Step struct {
	State   State
	Replies []Reply
	Changes []Change
	// Submit is true when the user confirmed the review: the caller marks
	// the submission submitted and sends the receipt.
	Submit bool
}
