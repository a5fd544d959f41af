package bot

import (
	"context"

	"treembot/locales"
	"treembot/storage"
)

// dataTitle is the prefix of the buttons choosing how the person is
// addressed: title:anh, title:chi, title:none.
const dataTitle = "title:"

// titleWords maps what someone may type after /xungho to a title.
var titleWords = map[string]string{
	"anh": storage.TitleAnh, "chi": storage.TitleChi, "none": "", "khong": "", "bo qua": "", "skip": "",
}

// address is how a message names the person: "anh Hải", "chị Lan", or
// "anh/chị" before they choose.
func (r *Router) address(req *request, u *storage.User) string {
	if u == nil {
		return r.Catalog.Address(req.lang, "", "")
	}
	return r.Catalog.Address(req.lang, u.Title, u.Name)
}

// titleQuestion asks how the person wants to be addressed, with their
// given name on the buttons ("Anh Hải", "Chị Hải", "Bỏ qua").
func (r *Router) titleQuestion(req *request) Message {
	// The choice is of a Vietnamese title, so the buttons are Vietnamese.
	button := func(title string) Button {
		return Button{Label: locales.Capitalise(r.Catalog.Address(locales.VI, title, req.user.Name)), Data: dataTitle + title}
	}
	given := locales.GivenName(req.user.Name)
	return Message{ChatID: req.ChatID, Text: r.t(req, "bot_title_ask", map[string]any{"Given": given}),
		NumberedButtons: true, Buttons: [][]Button{{button(storage.TitleAnh), button(storage.TitleChi),
			{Label: r.t(req, "bot_title_skip"), Data: dataTitle + "none"}}}}
}

// cmdTitle is /xungho: with "anh" or "chị" it sets the title, otherwise it
// asks with buttons.
func (r *Router) cmdTitle(ctx context.Context, req *request, args string) ([]Message, error) {
	title, ok := titleWords[locales.Fold(args)]
	if !ok || args == "" {
		// An unknown word (or none) gets the buttons.
		return []Message{r.titleQuestion(req)}, nil
	}
	return r.setTitle(ctx, req, title)
}

// setTitle stores the choice and thanks the person by their new address.
func (r *Router) setTitle(ctx context.Context, req *request, title string) ([]Message, error) {
	if err := r.Store.SetUserTitle(ctx, req.user.ID, title); err != nil {
		return nil, err
	}
	req.user.Title = title
	id := "bot_title_set"
	if title == "" {
		id = "bot_title_none"
	}
	return r.reply(req, id, map[string]any{"You": r.address(req, req.user)}), nil
}
