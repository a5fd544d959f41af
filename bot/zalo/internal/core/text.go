package core

import (
	"path"
	"strings"

	"treembot/bot/chatmsg"
)

// FileName is the name a file is shown under.
func FileName(f *chatmsg.File) string {
	if name := path.Base(f.Name); name != "." && name != "/" && name != "" {
		return name
	}
	return "?"
}

// FirstNonEmpty is the first of values that is not blank, trimmed.
func FirstNonEmpty(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
