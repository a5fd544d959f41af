package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// Period returns one period by ID.
func (s *Store) Period(ctx context.Context, id uint) (*Period, error) {
	var p Period
	if err := s.db.WithContext(ctx).First(&p, id).Error; err != nil {
		return nil, notFound(err, fmt.Sprintf("period %d", id))
	}
	return &p, nil
}

// PeriodByCode returns one period ("2025-H1").
func (s *Store) PeriodByCode(ctx context.Context, code string) (*Period, error) {
	var p Period
	if err := s.db.WithContext(ctx).Where("code = ?", code).First(&p).Error; err != nil {
		return nil, notFound(err, fmt.Sprintf("period %q", code))
	}
	return &p, nil
}

// Periods lists every period by deadline.
func (s *Store) Periods(ctx context.Context) ([]Period, error) {
	var ps []Period
	if err := s.db.WithContext(ctx).Order("deadline, code").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("list periods: %w", err)
	}
	return ps, nil
}

// OpenPeriods lists periods accepting reports at now (OpensAt <= now <
// ClosesAt), by deadline.
func (s *Store) OpenPeriods(ctx context.Context, now time.Time) ([]Period, error) {
	all, err := s.allPeriods(ctx)
	if err != nil {
		return nil, fmt.Errorf("open periods at %s: %w", now.Format(time.RFC3339), err)
	}
	ps := []Period{}
	for _, p := range all {
		if !now.Before(p.OpensAt) && now.Before(p.ClosesAt) {
			ps = append(ps, p)
		}
	}
	return ps, nil
}

// SavePeriod creates a period or, when one with the same code exists,
// changes its kind and dates: how an admin moves a deadline or a window.
func (s *Store) SavePeriod(ctx context.Context, p Period) (*Period, error) {
	if err := validatePeriod(p); err != nil {
		return nil, err
	}
	p.ID = 0
	p.Start, p.End, p.Deadline = dbTime(p.Start), dbTime(p.End), dbTime(p.Deadline)
	p.OpensAt, p.ClosesAt = dbTime(p.OpensAt), dbTime(p.ClosesAt)
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "code"}},
		DoUpdates: clause.AssignmentColumns([]string{"kind", "start", "end", "deadline", "opens_at", "closes_at"}),
	}).Create(&p).Error
	s.forgetPeriods()
	if err != nil {
		return nil, fmt.Errorf("save period %q: %w", p.Code, err)
	}
	return s.PeriodByCode(ctx, p.Code)
}

func validatePeriod(p Period) error {
	switch {
	case p.Code == "":
		return fmt.Errorf("save period: code is empty")
	case p.Kind != PeriodSixMonthly && p.Kind != PeriodYearly:
		return fmt.Errorf("save period %q: kind %q is not %s or %s", p.Code, p.Kind, PeriodSixMonthly, PeriodYearly)
	case p.End.Before(p.Start):
		return fmt.Errorf("save period %q: end is before start", p.Code)
	case !p.ClosesAt.After(p.OpensAt):
		return fmt.Errorf("save period %q: closes_at is not after opens_at", p.Code)
	}
	return nil
}

// LateDays is how many days after the deadline late reports are accepted.
const LateDays = 30

// defaultPeriods are the plan's reporting periods for one year Y, dates at
// 00:00 in zone: the six-month report covers 01/11/(Y-1)–30/04/Y and is due
// 15/05/Y; the annual one covers 01/11/(Y-1)–31/10/Y and is due 15/11/Y.
// Reports are accepted from the day after coverage ends through the 30th
// day after the deadline (the README's "until 30 days after the
// deadline"), so late ones can still come in: ClosesAt is the midnight
// that ends that day.
func defaultPeriods(year int, zone *time.Location) []Period {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, zone) }
	start := day(year-1, time.November, 1)
	mk := func(code, kind string, end, deadline time.Time) Period {
		return Period{Code: code, Kind: kind, Start: start, End: end, Deadline: deadline,
			OpensAt: end.AddDate(0, 0, 1), ClosesAt: deadline.AddDate(0, 0, LateDays+1)}
	}
	return []Period{
		mk(fmt.Sprintf("%d-H1", year), PeriodSixMonthly, day(year, time.April, 30), day(year, time.May, 15)),
		mk(fmt.Sprintf("%d-Y", year), PeriodYearly, day(year, time.October, 31), day(year, time.November, 15)),
	}
}
