package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// The spool keeps webhook events accepted but not yet handled, in the
// session store (Redis in production, shared by instances): a webhook
// answers 200 once its event is spooled, and the event is handled from
// there. An instance that dies with events in hand leaves them for the
// next sweep by any instance; the router's dedup makes a second handling
// harmless. It is as durable as the Redis behind it (use its append-only
// file in production); the in-process store keeps it only while the
// process runs.
const (
	spoolTTL        = 3 * 24 * time.Hour // Zalo's own retries stop after 12 h
	spoolSweepAfter = 30 * time.Second   // younger events are still in hand
	spoolSweepEvery = time.Minute
	spoolMax        = 10000 // beyond it Zalo gets 500s and keeps its events
	spoolLockTTL    = 5 * time.Second
)

// spoolEntry is one event in the spool's index.
type spoolEntry struct {
	ID string    `json:"id"`
	At time.Time `json:"at"`
}

// spool is one channel's store of accepted events.
type spool struct {
	sess    SessionStore
	missing error // what sess.Get returns for a missing key
	channel string
	clock   func() time.Time
}

func (s *spool) indexKey() string          { return "zalo:spool:" + s.channel + ":index" }
func (s *spool) eventKey(id string) string { return "zalo:spool:" + s.channel + ":event:" + id }

// spoolID names an event by its bytes: a redelivery is the same entry.
func spoolID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:12])
}

// put stores raw and lists it; once it returns nil the event is accepted.
func (s *spool) put(ctx context.Context, raw []byte) (string, error) {
	id := spoolID(raw)
	if err := s.sess.Set(ctx, s.eventKey(id), raw, spoolTTL); err != nil {
		return "", fmt.Errorf("spool event: %w", err)
	}
	err := s.edit(ctx, func(index []spoolEntry) ([]spoolEntry, error) {
		for _, e := range index {
			if e.ID == id {
				return index, nil
			}
		}
		if len(index) >= spoolMax {
			return nil, fmt.Errorf("spool full (%d events)", len(index))
		}
		return append(index, spoolEntry{ID: id, At: s.clock()}), nil
	})
	return id, err
}

// done removes a handled event.
func (s *spool) done(ctx context.Context, id string) error {
	err := s.edit(ctx, func(index []spoolEntry) ([]spoolEntry, error) {
		out := index[:0]
		for _, e := range index {
			if e.ID != id {
				out = append(out, e)
			}
		}
		return out, nil
	})
	if err != nil {
		return err
	}
	return s.sess.Delete(ctx, s.eventKey(id))
}

// stale returns the events accepted more than spoolSweepAfter ago, with
// their bytes; events whose bytes expired are dropped from the index.
func (s *spool) stale(ctx context.Context) (ids []string, raws [][]byte, lost int, err error) {
	index, err := s.read(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	cutoff := s.clock().Add(-spoolSweepAfter)
	for _, e := range index {
		if e.At.After(cutoff) {
			continue
		}
		raw, gerr := s.sess.Get(ctx, s.eventKey(e.ID))
		if errors.Is(gerr, s.missing) {
			lost++
			_ = s.done(ctx, e.ID)
			continue
		}
		if gerr != nil {
			return ids, raws, lost, gerr
		}
		ids, raws = append(ids, e.ID), append(raws, raw)
	}
	return ids, raws, lost, nil
}

func (s *spool) read(ctx context.Context) ([]spoolEntry, error) {
	raw, err := s.sess.Get(ctx, s.indexKey())
	if errors.Is(err, s.missing) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read spool: %w", err)
	}
	var index []spoolEntry
	if err := json.Unmarshal(raw, &index); err != nil {
		return nil, fmt.Errorf("read spool: %w", err)
	}
	return index, nil
}

// edit changes the index under the channel's lock.
func (s *spool) edit(ctx context.Context, change func([]spoolEntry) ([]spoolEntry, error)) error {
	lctx, cancel := context.WithTimeout(ctx, spoolLockTTL)
	defer cancel()
	unlock, err := s.sess.Lock(lctx, s.indexKey()+":lock", spoolLockTTL)
	if err != nil {
		return fmt.Errorf("lock spool: %w", err)
	}
	defer unlock()
	index, err := s.read(ctx)
	if err != nil {
		return err
	}
	if index, err = change(index); err != nil {
		return err
	}
	raw, _ := json.Marshal(index) // ids and times cannot fail
	if err := s.sess.Set(ctx, s.indexKey(), raw, spoolTTL); err != nil {
		return fmt.Errorf("write spool: %w", err)
	}
	return nil
}
