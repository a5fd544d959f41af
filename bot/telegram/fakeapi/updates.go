package fakeapi

import (
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Person builds the Telegram user a test speaks as: a Vietnamese client,
// named after its id.
func Person(userID int64) *tgbotapi.User {
	return &tgbotapi.User{ID: userID, FirstName: "Người dùng", LastName: strconv.FormatInt(userID, 10), LanguageCode: "vi"}
}

// PrivateText is an update with text the user typed in their private chat
// with the bot (whose chat id is the user id); a leading "/command" is
// marked as a bot_command entity, as Telegram does.
func PrivateText(userID int64, text string) tgbotapi.Update {
	chat := &tgbotapi.Chat{ID: userID, Type: "private", FirstName: "Người dùng"}
	return tgbotapi.Update{Message: textMessage(chat, Person(userID), text)}
}

// GroupText is an update with text a user typed in a group chat.
func GroupText(chatID, userID int64, text string) tgbotapi.Update {
	chat := &tgbotapi.Chat{ID: chatID, Type: "group", Title: "Nhóm xã"}
	return tgbotapi.Update{Message: textMessage(chat, Person(userID), text)}
}

// ButtonPress is an update for the user pressing the inline button with
// data under message messageID in their private chat.
func ButtonPress(userID int64, messageID int, data string) tgbotapi.Update {
	chat := &tgbotapi.Chat{ID: userID, Type: "private", FirstName: "Người dùng"}
	bot := &tgbotapi.User{ID: 7012345678, IsBot: true, FirstName: "Trẻ em", UserName: BotUserName}
	return tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{
		ID:           strconv.FormatInt(userID, 10) + "-" + strconv.Itoa(messageID) + "-" + data,
		From:         Person(userID),
		Message:      &tgbotapi.Message{MessageID: messageID, From: bot, Chat: chat, Date: int(time.Now().Unix()), Text: "?"},
		ChatInstance: "-" + strconv.FormatInt(userID, 10),
		Data:         data,
	}}
}

func textMessage(chat *tgbotapi.Chat, from *tgbotapi.User, text string) *tgbotapi.Message {
	m := &tgbotapi.Message{MessageID: 1, From: from, Chat: chat,
		Date: int(time.Now().Unix()), Text: text}
	if strings.HasPrefix(text, "/") {
		n := strings.IndexAny(text, " \n")
		if n < 0 {
			n = len(text)
		}
		m.Entities = []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: n}} // commands are ASCII
	}
	return m
}
