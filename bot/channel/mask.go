package channel

import (
	"errors"
	"net/url"
	"strings"
)

// maskedError carries an error's text with secrets replaced by "***". It
// deliberately does not unwrap to the original (a *url.Error holds the
// request URL, a token included); Is still matches sentinels such as
// context.Canceled, which carry no text of ours.
type maskedError struct {
	msg   string
	cause error
}

// Error is the masked text.
func (e *maskedError) Error() string { return e.msg }

// Is lets errors.Is see through the mask without exposing the cause.
func (e *maskedError) Is(target error) bool { return errors.Is(e.cause, target) }

// Mask returns err with every spelling of each secret (raw, path- or
// query-escaped, as net/url may print it) replaced by "***".
func Mask(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	return &maskedError{msg: MaskString(err.Error(), secrets...), cause: err}
}

// MaskString replaces every spelling of each secret in s by "***".
func MaskString(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		for _, form := range []string{secret, url.PathEscape(secret), url.QueryEscape(secret)} {
			s = strings.ReplaceAll(s, form, "***")
		}
	}
	return s
}
