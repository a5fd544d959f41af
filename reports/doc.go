// Package reports turns stored counts into the plan's indicators: rates
// computed from summed counts (never averaged), target status, completeness
// and timeliness, plausibility flags, and the chat summary, Excel file and
// chart built on them. The arithmetic is pure; Service loads what it needs
// through Source.
//
// It owns the arithmetic and the outputs, not the data: it imports storage
// (the models, read through Source) and locales, and nothing else of the
// module.
package reports
