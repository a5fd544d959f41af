package bot

import (
	"context"
	"testing"
)

// Stored means understood, across a lost session: a count asked back
// ("Anh/chị muốn ghi 1.000 … đúng không?") and then confirmed with "1" — or
// refused with "không" — after the session store lost the conversation is
// read as the answer to the question asked back, never stored as 1 or 0.
func TestAnAnswerAskedBackSurvivesALostSession(t *testing.T) {
	for _, tt := range []struct {
		reply, stored string
	}{
		{"1", "1000"}, // the first button: Có
		{"không", ""}, // no: nothing is stored, the question is asked again
	} {
		t.Run(tt.reply, func(t *testing.T) {
			h := newHarness(t)
			user := h.demoUser("collaborator")
			h.send(user, "/report")
			h.send(user, "12")
			mustContain(t, h.send(user, "1,000"), "đúng không")
			if vals, _ := h.values(user); vals["children_u5"] != "" {
				t.Fatalf("an answer asked back was stored before it was confirmed: %v", vals)
			}
			if err := h.sess.Delete(context.Background(), conversationKey(h.update(user, "", KindMessage))); err != nil {
				t.Fatal(err)
			}
			h.send(user, tt.reply)
			if vals, _ := h.values(user); vals["children_u5"] != tt.stored {
				t.Errorf("after the lost session %q stored children_u5 = %q, want %q", tt.reply, vals["children_u5"], tt.stored)
			}
			if c := h.conv(user); tt.stored == "" && (c == nil || c.State.Current != "children_u5") {
				t.Errorf("after refusing, the form is at %+v, want the same question asked again", c)
			}
		})
	}
}
