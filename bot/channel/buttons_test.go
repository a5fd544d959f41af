package channel

import (
	"testing"

	"treembot/bot/chatmsg"
)

func TestButtonLinesNumberOnlyWhereNumbersMayStandForButtons(t *testing.T) {
	yesNo := [][]chatmsg.Button{{{Label: "Có", Data: "y"}, {Label: "Không", Data: "n"}}}
	if got := ButtonLines(chatmsg.Message{Buttons: yesNo, NumberedButtons: true}); got != "\n  1) Có\n  2) Không" {
		t.Errorf("numbered = %q", got)
	}
	if got := ButtonLines(chatmsg.Message{Buttons: yesNo}); got != "\n  [Có]\n  [Không]" {
		t.Errorf("labels = %q", got)
	}
	if got := ButtonLines(chatmsg.Message{Text: "x"}); got != "" {
		t.Errorf("no buttons = %q", got)
	}
}

func TestMatchButtonByLabelOrNumber(t *testing.T) {
	last := []chatmsg.Message{
		{Text: "Câu hỏi", Buttons: [][]chatmsg.Button{{{Label: "Bỏ qua", Data: "skip"}}}},
		{Text: "Chọn", NumberedButtons: true, Buttons: [][]chatmsg.Button{{{Label: "Có", Data: "y"}}, {{Label: "Không", Data: "n"}}}},
	}
	cases := map[string]string{"2": "n", " 1 ": "y", "bỏ qua": "skip", "KHÔNG": "n"}
	for typed, want := range cases {
		if b, ok := MatchButton(last, typed); !ok || b.Data != want {
			t.Errorf("%q → %q %v, want %q", typed, b.Data, ok, want)
		}
	}
	for _, typed := range []string{"3", "0", "12", "có lẽ", ""} {
		if b, ok := MatchButton(last, typed); ok {
			t.Errorf("%q matched %q", typed, b.Data)
		}
	}
	// Where the question expects a number, numbers are answers.
	count := []chatmsg.Message{{Buttons: [][]chatmsg.Button{{{Label: "Bỏ qua", Data: "skip"}}}}}
	if _, ok := MatchButton(count, "1"); ok {
		t.Error("a typed count was taken for a button")
	}
}
