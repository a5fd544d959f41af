package reminders

import (
	"context"
	"strings"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// The notices a merger queues are delivered by the running dispatcher,
// once each, on the person's channel and in their language, in the daytime.
func TestMergerNoticesAreDeliveredOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _ := storagetest.NewSeeded(t, nil)
	night := time.Date(2025, 5, 2, 23, 0, 0, 0, storagetest.Zone())
	notice := func(lang string, from, into storage.OrgUnit) string {
		return testCatalog.T(lang, "units_merge_notice", map[string]any{"Old": from.Name, "Unit": into.Name, "Date": "01/05/2025"})
	}
	res, err := st.MergeUnits(ctx, storage.MergeRequest{Into: "VQ-XTD", Name: "Xã Xuân Tân", Parent: "VQ",
		From: []string{"VQ-XL", "VQ-TD"}, On: time.Date(2025, 5, 1, 0, 0, 0, 0, storagetest.Zone()), Now: night, Notice: notice})
	if err != nil || res.Notices != 2 {
		t.Fatalf("merge: %+v %v", res, err)
	}
	clock := &clockAt{t: night}
	sender := newFakeSender(nil)
	d := newDispatcher(st, map[string]chatmsg.Sender{storage.DemoChannel: sender}, clock.Now, "x")
	d.Submissions = st
	drain(t, d)
	if sender.total() != 0 {
		t.Fatal("a notice went out at 23:00")
	}
	clock.Set(night.Add(9 * time.Hour)) // 08:00 the next morning
	drain(t, d)
	drain(t, d)
	got := map[string]string{}
	for chat, msgs := range sender.got {
		if len(msgs) != 1 {
			t.Errorf("chat %s got %d notices, want 1", chat, len(msgs))
		}
		got[chat] = msgs[0].Text
	}
	for _, chat := range []string{"demo-commune_officer-vq-xl", "demo-commune_officer-vq-td"} {
		if !strings.Contains(got[chat], "được hợp nhất vào Xã Xuân Tân") {
			t.Errorf("notice to %s = %q, want the Vietnamese notice naming the new commune", chat, got[chat])
		}
	}
	if len(got) != 2 {
		t.Errorf("notices went to %v, want the two officers only", got)
	}
}
