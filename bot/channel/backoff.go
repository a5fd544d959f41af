package channel

import (
	"context"
	"math/rand/v2"
	"time"
)

// MaxBackoff caps every exponential back-off, for sends and retried updates.
const MaxBackoff = 30 * time.Second

// Backoff is the capped exponential delay before retry number attempt+1,
// with jitter so that many senders do not retry in step.
func Backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 0; i < attempt && d < MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, MaxBackoff)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half)
}

// Sleep waits for d or until ctx is done, whichever is first.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
