package telegram

import (
	"errors"
	"net/url"
	"strings"
)

// maskedError carries an error's text with the bot token replaced by "***".
// It deliberately does not unwrap to the original (a *url.Error holds the
// request URL, token included); Is still matches sentinels such as
// context.Canceled, which carry no text of ours.
type maskedError struct {
	msg   string
	cause error
}

func (e *maskedError) Error() string { return e.msg }

// Is lets errors.Is see through the mask without exposing the cause.
func (e *maskedError) Is(target error) bool { return errors.Is(e.cause, target) }

// maskToken returns err with every spelling of token (raw, path- or
// query-escaped, as net/url may print it) replaced by "***".
func maskToken(token string, err error) error {
	if err == nil {
		return nil
	}
	return &maskedError{msg: maskString(token, err.Error()), cause: err}
}

func maskString(token, s string) string {
	if token == "" {
		return s
	}
	for _, form := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		s = strings.ReplaceAll(s, form, "***")
	}
	return s
}
