package channel

import (
	"fmt"
	"strconv"
	"strings"

	"treembot/bot/chatmsg"
)

// ButtonLines renders a message's buttons as text for a channel that
// cannot draw them: "1) label" lines where a typed number may stand for
// the button (Message.NumberedButtons), "[label]" lines otherwise, each on
// its own indented line. It is "" for a message without buttons.
func ButtonLines(m chatmsg.Message) string {
	var b strings.Builder
	n := 0
	for _, row := range m.Buttons {
		for _, btn := range row {
			n++
			if m.NumberedButtons {
				fmt.Fprintf(&b, "\n  %d) %s", n, btn.Label)
			} else {
				fmt.Fprintf(&b, "\n  [%s]", btn.Label)
			}
		}
	}
	return b.String()
}

// MatchButton finds the button a typed line names among the buttons of
// the last replies: by its label (any case), or by its number where
// numbers may stand for buttons. ok is false when the line is an ordinary
// answer.
func MatchButton(last []chatmsg.Message, typed string) (btn chatmsg.Button, ok bool) {
	typed = strings.TrimSpace(typed)
	var numbered []chatmsg.Button
	for _, m := range last {
		for _, row := range m.Buttons {
			for _, b := range row {
				if strings.EqualFold(typed, b.Label) {
					return b, true
				}
				if m.NumberedButtons {
					numbered = append(numbered, b)
				}
			}
		}
	}
	if n, err := strconv.Atoi(typed); err == nil && n >= 1 && n <= len(numbered) {
		return numbered[n-1], true
	}
	return chatmsg.Button{}, false
}
