package botapi

import (
	"strings"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/core"
)

// textPieces is msg as plain text messages of at most MaxText characters:
// its text, its buttons listed as options, and a notice for each file
// this channel cannot carry.
func textPieces(msg chatmsg.Message, c *core.Core) []string {
	text := msg.Text + channel.ButtonLines(msg)
	for _, f := range []*chatmsg.File{msg.Photo, msg.Document} {
		if f != nil {
			text += "\n\n" + c.T("zalo_file_unsupported", map[string]any{"Name": core.FileName(f)})
		}
	}
	return channel.SplitText(strings.TrimLeft(text, "\n"), core.MaxText, channel.UTF16Len)
}
