package telegram

import "treembot/bot/channel"

// maskToken returns err with the bot token replaced by "***" (see
// channel.Mask).
func maskToken(token string, err error) error { return channel.Mask(err, token) }

func maskString(token, s string) string { return channel.MaskString(s, token) }
