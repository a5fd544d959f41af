package storage

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// maxImportErrors caps how many line errors one import reports, so a file
// in the wrong format does not produce thousands of lines.
const maxImportErrors = 20

// ImportResult counts what a units import changed.
type ImportResult struct {
	Created        int // new units
	Updated        int // existing units whose name, level, parent or area changed
	Unchanged      int // rows identical to what was stored
	PathsRewritten int // existing units given a new path: moved ones and their subtrees
}

// LineError is one problem in an imported file, naming the line and field.
type LineError struct {
	Line  int
	Field string
	Msg   string // starts with the field: `parent_code "X" not found`
}

// Error formats the problem as "line 7: parent_code "X" not found".
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// unitRecord is one parsed CSV row.
type unitRecord struct {
	line                            int
	code, name, level, parent, area string
}

// unitColumns are the required header names; "area" (rural|urban) may
// follow as an optional column.
var unitColumns = []string{"code", "name", "level", "parent_code"}

// ImportUnits reads a CSV of units (header `code,name,level,parent_code`
// and optionally `area`; UTF-8, with or without BOM) and creates or updates
// them in one transaction. A parent may come later in the file or already
// be stored. On any error nothing is written and the error lists each bad
// line (errors.As to *LineError for each, via errors.Join).
func (s *Store) ImportUnits(ctx context.Context, r io.Reader) (ImportResult, error) {
	data, err := readImport(r)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import units: %w", err)
	}
	recs, rowErrs, err := parseUnitCSV(bytes.NewReader(data))
	if err != nil {
		return ImportResult{}, fmt.Errorf("import units: %w", err)
	}
	var res ImportResult
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		tree, err := loadUnitTree(tx)
		if err != nil {
			return err
		}
		// Report field errors and reference errors together, in line
		// order, so one round of fixes is enough.
		if errs := append(rowErrs, tree.check(recs)...); len(errs) > 0 {
			sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
			return joinLineErrors(errs)
		}
		res, err = tree.apply(tx, recs)
		return err
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import units: %w", err)
	}
	return res, nil
}

// parseUnitCSV returns the rows it could read (with a code) and the
// problems of each line; err is set only when the header is unusable.
func parseUnitCSV(r io.Reader) (recs []unitRecord, rowErrs []*LineError, err error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, &LineError{Line: 1, Field: "header", Msg: "header row missing (code,name,level,parent_code)"}
	}
	if err != nil {
		return nil, nil, csvLineError(err)
	}
	cols, err := headerColumns(header)
	if err != nil {
		return nil, nil, err
	}
	for len(rowErrs) < maxImportErrors {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rowErrs = append(rowErrs, csvLineError(err))
			continue
		}
		line, _ := cr.FieldPos(0)
		rec, errs := unitFromFields(line, fields, cols)
		rowErrs = append(rowErrs, errs...)
		if rec.code != "" {
			recs = append(recs, rec)
		}
	}
	return recs, rowErrs, nil
}

func joinLineErrors(errs []*LineError) error {
	if len(errs) > maxImportErrors {
		errs = errs[:maxImportErrors]
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}

// headerColumns maps column names to indexes, tolerating a BOM, spaces and
// upper case in the header.
func headerColumns(header []string) (map[string]int, error) {
	cols := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if h != "area" && !contains(unitColumns, h) {
			return nil, &LineError{Line: 1, Field: "header", Msg: fmt.Sprintf("header: unknown column %q (want code,name,level,parent_code[,area])", h)}
		}
		cols[h] = i
	}
	for _, want := range unitColumns {
		if _, ok := cols[want]; !ok {
			return nil, &LineError{Line: 1, Field: "header", Msg: fmt.Sprintf("header: column %q missing", want)}
		}
	}
	return cols, nil
}

func unitFromFields(line int, fields []string, cols map[string]int) (unitRecord, []*LineError) {
	get := func(name string) string {
		if i, ok := cols[name]; ok && i < len(fields) {
			return strings.TrimSpace(fields[i])
		}
		return ""
	}
	// Codes are upper case, as the chat reads them ("/summary vq-xl").
	rec := unitRecord{line: line, code: strings.ToUpper(get("code")), name: get("name"),
		level: strings.ToLower(get("level")), parent: strings.ToUpper(get("parent_code")),
		area: strings.ToLower(get("area"))}
	var errs []*LineError
	for _, f := range []struct{ field, value string }{{"code", rec.code}, {"parent_code", rec.parent}} {
		if strings.IndexFunc(f.value, unicode.IsSpace) >= 0 {
			errs = append(errs, &LineError{Line: line, Field: f.field, Msg: fmt.Sprintf("%s %q contains a space", f.field, f.value)})
		}
	}
	for _, f := range []struct{ field, value string }{{"code", rec.code}, {"name", rec.name}, {"level", rec.level}} {
		if f.value == "" {
			errs = append(errs, &LineError{Line: line, Field: f.field, Msg: f.field + " is empty"})
		}
	}
	if rec.level != "" && !validLevel(rec.level) {
		errs = append(errs, &LineError{Line: line, Field: "level", Msg: fmt.Sprintf(
			"level %q is not one of province, district, grouping, commune, village", rec.level)})
	}
	if rec.area != "" && !validArea(rec.area) {
		errs = append(errs, &LineError{Line: line, Field: "area", Msg: fmt.Sprintf("area %q is not rural or urban", rec.area)})
	}
	if len(rec.code) > 64 {
		errs = append(errs, &LineError{Line: line, Field: "code", Msg: fmt.Sprintf("code %q is longer than 64 characters", rec.code)})
	}
	if len(rec.name) > 255 {
		errs = append(errs, &LineError{Line: line, Field: "name", Msg: "name is longer than 255 bytes"})
	}
	return rec, errs
}

// csvLineError names the line of a CSV syntax error.
func csvLineError(err error) *LineError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line := pe.StartLine
		if line == 0 {
			line = pe.Line
		}
		return &LineError{Line: line, Field: "row", Msg: "row: " + pe.Err.Error()}
	}
	return &LineError{Line: 0, Field: "row", Msg: "read: " + err.Error()}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// MaxImportBytes bounds an imported file: a national tree of 120,000
// units is about 6 MB.
const MaxImportBytes = 16 << 20

// readImport reads a whole import file, refusing one that is too large
// or not UTF-8 (a BOM is fine), naming the first bad line.
func readImport(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(data) > MaxImportBytes {
		return nil, &LineError{Line: 0, Field: "file", Msg: fmt.Sprintf("file is larger than %d MB", MaxImportBytes>>20)}
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) {
			return nil, &LineError{Line: i + 1, Field: "file", Msg: "the file is not UTF-8 (save it as \"CSV UTF-8\")"}
		}
	}
	return data, nil
}
