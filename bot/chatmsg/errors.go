package chatmsg

import (
	"errors"
	"fmt"
	"time"
)

// SendError is a typed delivery failure: whether retrying makes sense,
// how long the channel asked us to wait, and whether the recipient is gone
// for good (blocked the bot, deleted the account).
type SendError struct {
	Op         string
	Status     int
	Retry      bool
	RetryAfter time.Duration
	Gone       bool
	Err        error
}

// Error describes the failure without message text or tokens.
func (e *SendError) Error() string {
	return fmt.Sprintf("%s: status %d: %v", e.Op, e.Status, e.Err)
}

// Unwrap returns the cause.
func (e *SendError) Unwrap() error { return e.Err }

// Retryable reports whether the same send may succeed later.
func (e *SendError) Retryable() bool { return e.Retry }

// IsRecipientGone reports whether err says the recipient can no longer be
// reached on that channel.
func IsRecipientGone(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Gone
}
