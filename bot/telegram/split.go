package telegram

import (
	"html"

	"treembot/bot/channel"
)

// maxTextUnits is Telegram's limit on one message's text. Telegram counts
// UTF-16 code units; we count them on the escaped HTML, which is never
// shorter than what Telegram counts after parsing it, so we stay under.
const maxTextUnits = 4096

// preOverhead is the length of the "<pre></pre>" wrapped around Pre text.
const preOverhead = len("<pre></pre>")

func escapedLen(s string) int { return channel.UTF16Len(html.EscapeString(s)) }

// splitText cuts plain text into pieces whose escaped form fits in limit
// units; each piece is escaped afterwards, so an entity such as "&amp;" is
// never cut in half.
func splitText(text string, limit int) []string { return channel.SplitText(text, limit, escapedLen) }
