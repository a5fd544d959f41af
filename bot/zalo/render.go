package zalo

import (
	"path"
	"strings"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
)

// textPieces is msg as plain text messages of at most MaxText characters:
// its text, its buttons listed as options, and a notice for each file
// this channel cannot carry.
func textPieces(msg chatmsg.Message, c *core) []string {
	text := msg.Text + channel.ButtonLines(msg)
	for _, f := range []*chatmsg.File{msg.Photo, msg.Document} {
		if f != nil {
			text += "\n\n" + c.t("zalo_file_unsupported", map[string]any{"Name": fileName(f)})
		}
	}
	return channel.SplitText(strings.TrimLeft(text, "\n"), MaxText, channel.UTF16Len)
}

// fileName is the name a file is shown under.
func fileName(f *chatmsg.File) string {
	if name := path.Base(f.Name); name != "." && name != "/" && name != "" {
		return name
	}
	return "?"
}
