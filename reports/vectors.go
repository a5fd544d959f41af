package reports

import (
	"context"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	"treembot/storage"
)

// vectorCache keeps the numeric values of counted submissions in memory,
// one vector per submission in a fixed element order, so a summary of a
// province (400,000 values a period) adds numbers in Go instead of
// re-reading and re-parsing every stored string. Each entry is stamped with
// its submission's UpdatedAt, which changes with any edit, submit, reopen
// or return; ScopeUnits returns the current stamps with every request, so
// a stale entry is never used and only changed submissions are read again.
type vectorCache struct {
	mu         sync.Mutex
	codes      []string
	periods    map[uint]*periodVectors
	tick       uint64
	maxPeriods int
}

type periodVectors struct {
	subs map[uint]subVector
	used uint64
}

type subVector struct {
	stamp time.Time
	vals  []float64 // NaN where the element was not answered
}

// defaultCachedPeriods bounds memory: a province's period is about 10,000
// vectors of 50 numbers (4 MB).
const defaultCachedPeriods = 4

func newVectorCache(maxPeriods int) *vectorCache {
	return &vectorCache{periods: map[uint]*periodVectors{}, maxPeriods: maxPeriods}
}

// bulkThreshold is how many stale submissions make one query over the
// whole scope cheaper than looking them up by ID.
const bulkThreshold = 200

// scopeRef names the reports a set of vectors belongs to.
type scopeRef struct {
	rootID, periodID uint
	formID           string
}

// vectors returns the value vectors (in codes order) of the given counted
// submissions, reading what is missing or stale from src.
func (c *vectorCache) vectors(ctx context.Context, src Source, codes []string, scope scopeRef,
	subs []storage.SubmissionStamp) (map[uint][]float64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.Equal(c.codes, codes) { // the plan's elements changed: start again
		c.codes, c.periods = slices.Clone(codes), map[uint]*periodVectors{}
	}
	pv := c.period(scope.periodID)
	out := make(map[uint][]float64, len(subs))
	var stale []uint
	for _, sub := range subs {
		if v, ok := pv.subs[sub.ID]; ok && v.stamp.Equal(sub.UpdatedAt) {
			out[sub.ID] = v.vals
			continue
		}
		stale = append(stale, sub.ID)
		v := subVector{stamp: sub.UpdatedAt, vals: emptyVector(len(codes))}
		pv.subs[sub.ID] = v
		out[sub.ID] = v.vals
	}
	if len(stale) == 0 {
		return out, nil
	}
	var rows []storage.SubmissionValue
	var err error
	if len(stale) > bulkThreshold {
		rows, err = src.ScopeValues(ctx, scope.rootID, scope.periodID, scope.formID, codes)
	} else {
		rows, err = src.SubmissionValues(ctx, stale, codes)
	}
	if err != nil {
		for _, id := range stale {
			delete(pv.subs, id)
		}
		return nil, err
	}
	fill(out, stale, codes, rows)
	return out, nil
}

// fill parses the rows of the stale submissions into their vectors.
func fill(out map[uint][]float64, stale []uint, codes []string, rows []storage.SubmissionValue) {
	wanted := make(map[uint]bool, len(stale))
	for _, id := range stale {
		wanted[id] = true
	}
	index := make(map[string]int, len(codes))
	for i, code := range codes {
		index[code] = i
	}
	for _, r := range rows {
		i, ok := index[r.ElementCode]
		if !ok || !wanted[r.SubmissionID] {
			continue
		}
		// Values are stored canonical ("1234.5"); anything else (a stray
		// text) is left out rather than failing the whole report.
		if f, err := strconv.ParseFloat(r.Value, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			out[r.SubmissionID][i] = f
		}
	}
}

// period returns the period's entries, evicting the least recently used
// period when too many are held.
func (c *vectorCache) period(id uint) *periodVectors {
	c.tick++
	pv := c.periods[id]
	if pv == nil {
		if len(c.periods) >= c.maxPeriods {
			var oldest uint
			for pid, p := range c.periods {
				if oldest == 0 || p.used < c.periods[oldest].used {
					oldest = pid
				}
			}
			delete(c.periods, oldest)
		}
		pv = &periodVectors{subs: map[uint]subVector{}}
		c.periods[id] = pv
	}
	pv.used = c.tick
	return pv
}

func emptyVector(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.NaN()
	}
	return v
}

// sumVectors adds the vectors of units into Sums per group (as groupOf
// says; units it maps to 0 are left out) and area.
func sumVectors(codes []string, units []storage.ScopeUnit, vecs map[uint][]float64, groupOf func(storage.ScopeUnit) uint) map[uint]Sums {
	type key struct {
		group uint
		area  string
	}
	acc := map[key][]Sum{}
	for _, u := range units {
		vals, ok := vecs[u.SubmissionID]
		g := groupOf(u)
		if !ok || g == 0 {
			continue
		}
		k := key{g, u.Area}
		sums := acc[k]
		if sums == nil {
			sums = make([]Sum, len(codes))
			acc[k] = sums
		}
		for i, v := range vals {
			if !math.IsNaN(v) {
				sums[i].Total += v
				sums[i].Units++
			}
		}
	}
	out := map[uint]Sums{}
	for k, sums := range acc {
		if out[k.group] == nil {
			out[k.group] = Sums{}
		}
		for i, s := range sums {
			if s.Units > 0 {
				out[k.group].Add(codes[i], k.area, s.Total, s.Units)
			}
		}
	}
	return out
}
