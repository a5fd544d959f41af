package channel

import (
	"fmt"
	"strconv"
	"time"
)

// ParseEnv reads the whole numbers in ints and the durations in durations
// (variable name → destination) through getenv; an unset variable leaves
// its destination alone, an unreadable one becomes an error naming it.
func ParseEnv(getenv func(string) string, ints map[string]*int, durations map[string]*time.Duration) []error {
	var errs []error
	for name, dst := range ints {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s must be a whole number: %w", name, err))
			}
			*dst = n
		}
	}
	for name, dst := range durations {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s must be a duration such as 1s or 500ms: %w", name, err))
			}
			*dst = d
		}
	}
	return errs
}
