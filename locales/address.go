package locales

import "strings"

// Address is how a message names a person: in Vietnamese the title they
// chose and their given name, the last word of the full name ("anh Hải",
// "chị Lan"), or "anh/chị" when they chose none; in English their name.
// title is storage's "anh", "chi" or "".
func (c *Catalog) Address(lang, title, name string) string {
	id := "address_none"
	switch title {
	case "anh":
		id = "address_anh"
	case "chi":
		id = "address_chi"
	}
	return c.T(lang, id, map[string]any{"Given": GivenName(name), "Name": strings.TrimSpace(name)})
}

// GivenName is the last word of a Vietnamese full name: "Triệu Văn Hải"
// is addressed as "Hải".
func GivenName(full string) string {
	words := strings.Fields(full)
	if len(words) == 0 {
		return ""
	}
	return words[len(words)-1]
}
