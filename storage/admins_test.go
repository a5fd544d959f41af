package storage_test

import (
	"context"
	"testing"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func TestAdminChatsListsOnlyActiveAdminsOnTheChannel(t *testing.T) {
	st, demo := storagetest.NewSeeded(t, nil)
	ctx := context.Background()
	chats, err := st.AdminChats(ctx, "terminal")
	if err != nil {
		t.Fatal(err)
	}
	var admins int
	for _, u := range demo.Users {
		if u.Role == storage.RoleAdmin {
			admins++
		}
	}
	if len(chats) != admins || admins == 0 {
		t.Fatalf("got %d admin chats, demo has %d admins", len(chats), admins)
	}
	if chats[0].ChatID == "" || chats[0].Language == "" {
		t.Errorf("admin chat lacks chat id or language: %+v", chats[0])
	}
	if other, err := st.AdminChats(ctx, "telegram"); err != nil || len(other) != 0 {
		t.Errorf("no admin is on telegram, got %v, %v", other, err)
	}
}
