package bulk

import (
	"iter"
	"time"
)

// Unit is one org_units row; ParentID 0 means none (the root).
type Unit struct {
	ID                int64
	Code, Name, Level string
	ParentID          int64
	Path, Area        string
}

// User is one users row.
type User struct {
	ID         int64
	Name, Role string
	UnitID     int64
	Language   string
}

// Identity is one identities row: a chat account of a user.
type Identity struct {
	ID, UserID                  int64
	Channel, ExternalID, ChatID string
}

// Submission is one submissions row; SubmittedBy 0 and a zero SubmittedAt
// mean not submitted (a draft).
type Submission struct {
	ID, UnitID, PeriodID   int64
	FormID, Status         string
	Version                int64
	Reference              string
	CreatedBy, SubmittedBy int64
	SubmittedAt            time.Time
}

// Value is one data_values row: a report's figure for one element.
type Value struct {
	ID, SubmissionID   int64
	ElementCode, Value string
	UpdatedBy          int64
}

// Data is what Load writes, every row active and created (and updated)
// at Now. Each sequence is produced one row at a time; a nil one writes
// nothing. Tables are written parents first, in the order of the fields.
type Data struct {
	Now         time.Time
	Units       iter.Seq[Unit]
	Users       iter.Seq[User]
	Identities  iter.Seq[Identity]
	Submissions iter.Seq[Submission]
	Values      iter.Seq[Value]
}

func (d Data) tables() []table {
	var out []table
	add := func(name string, columns []string, rows iter.Seq[[]any]) {
		out = append(out, table{name: name, columns: columns, rows: rows})
	}
	if d.Units != nil {
		add("org_units", []string{"id", "code", "name", "level", "parent_id", "path", "area", "active", "created_at", "updated_at"},
			rowsOf(d.Units, func(u Unit) []any {
				return []any{u.ID, u.Code, u.Name, u.Level, orNil(u.ParentID), u.Path, u.Area, true, d.Now, d.Now}
			}))
	}
	if d.Users != nil {
		add("users", []string{"id", "name", "role", "unit_id", "language", "active", "created_at", "updated_at"},
			rowsOf(d.Users, func(u User) []any {
				return []any{u.ID, u.Name, u.Role, u.UnitID, u.Language, true, d.Now, d.Now}
			}))
	}
	if d.Identities != nil {
		add("identities", []string{"id", "user_id", "channel", "external_id", "chat_id", "active", "created_at"},
			rowsOf(d.Identities, func(i Identity) []any {
				return []any{i.ID, i.UserID, i.Channel, i.ExternalID, i.ChatID, true, d.Now}
			}))
	}
	if d.Submissions != nil {
		add("submissions", []string{"id", "unit_id", "period_id", "form_id", "status", "version", "reference",
			"created_by", "submitted_by", "submitted_at", "created_at", "updated_at"},
			rowsOf(d.Submissions, func(s Submission) []any {
				var at any
				if !s.SubmittedAt.IsZero() {
					at = s.SubmittedAt
				}
				return []any{s.ID, s.UnitID, s.PeriodID, s.FormID, s.Status, s.Version, s.Reference,
					s.CreatedBy, orNil(s.SubmittedBy), at, d.Now, d.Now}
			}))
	}
	if d.Values != nil {
		add("data_values", []string{"id", "submission_id", "element_code", "value", "updated_by", "updated_at"},
			rowsOf(d.Values, func(v Value) []any {
				return []any{v.ID, v.SubmissionID, v.ElementCode, v.Value, v.UpdatedBy, d.Now}
			}))
	}
	return out
}

// rowsOf turns typed rows into a table's column values.
func rowsOf[T any](rows iter.Seq[T], columns func(T) []any) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for r := range rows {
			if !yield(columns(r)) {
				return
			}
		}
	}
}

// orNil is id, or SQL NULL for 0.
func orNil(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
