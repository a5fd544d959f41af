package locales

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// What a word (or a few words) of a typed number is.
type category int8

const (
	cNumber   category = iota // part of the number itself
	cFiller                   // dropped: "dạ", "ạ", "có", "tổng cộng"
	cUnit                     // dropped: "trẻ", "em", "trường hợp", "children"
	cApprox                   // "khoảng", "chưa rõ", "about": ask before storing
	cBound                    // "hơn", "gần", "at least": no figure at all
	cRange                    // "đến", "tới", "to"
	cFrom                     // "từ" (from ... to)
	cOr                       // "hoặc", "hay", "or", "và"
	cPercent                  // "phần trăm", "percent"
	cFraction                 // "phần", "nửa", "half"
	cZero                     // "không có", "chưa có", "none": 0 on a count
)

// Kinds of number word, read by wordParser.
type kind int8

const (
	kNum     kind = iota // digits: "12", "2,5"
	kDigit               // một … chín, and the spoken variants
	kZero                // không
	kTen                 // mười
	kTens                // mươi (after a digit)
	kMuoi                // "muoi" typed without marks: mười or mươi by position
	kChuc                // chục
	kLinh                // linh, lẻ
	kRuoi                // rưỡi (a half of what comes before)
	kHundred             // trăm
	kMag                 // nghìn, ngàn, triệu, tỷ, k, thousand, million
	kTensOf              // hăm (20), băm (30)
	eSmall               // zero … nineteen
	eTens                // twenty … ninety
	eHundred             // hundred
	eAnd                 // and (between English number words)
)

// Spoken forms of a digit: mốt, tư, lăm and năm after tens read differently.
type form int8

const (
	fPlain  form = iota
	fMot         // mốt: 1 after tens ("hai mươi mốt", "ba mốt")
	fMotAny      // "mot" without marks: một or mốt
	fTu          // tư: 4 after tens
	fLam         // lăm, nhăm: 5 after tens
	fNam         // năm: 5, but "mười năm" is also "ten years"
)

// entry is one dictionary word or phrase, written with its marks.
type entry struct {
	words []string
	cat   category
	kind  kind
	val   float64
	form  form
}

func num(w string, k kind, v float64, f form) entry {
	return entry{words: strings.Fields(w), cat: cNumber, kind: k, val: v, form: f}
}

func words(cat category, list ...string) []entry {
	out := make([]entry, len(list))
	for i, w := range list {
		out[i] = entry{words: strings.Fields(w), cat: cat}
	}
	return out
}

// dictionary lists every word in priority order: when two words fold to the
// same unmarked spelling ("tám" and "tầm" are both "tam"), the first wins
// for input typed without marks.
var dictionary = func() []entry {
	d := []entry{
		num("không", kZero, 0, fPlain), num("một", kDigit, 1, fPlain), num("mốt", kDigit, 1, fMot),
		num("hai", kDigit, 2, fPlain), num("ba", kDigit, 3, fPlain), num("bốn", kDigit, 4, fPlain),
		num("tư", kDigit, 4, fTu), num("năm", kDigit, 5, fNam), num("lăm", kDigit, 5, fLam),
		num("nhăm", kDigit, 5, fLam), num("sáu", kDigit, 6, fPlain), num("bảy", kDigit, 7, fPlain),
		num("bẩy", kDigit, 7, fPlain), num("tám", kDigit, 8, fPlain), num("chín", kDigit, 9, fPlain),
		num("mười", kTen, 10, fPlain), num("mươi", kTens, 10, fPlain), num("chục", kChuc, 10, fPlain),
		num("linh", kLinh, 0, fPlain), num("lẻ", kLinh, 0, fPlain), num("rưỡi", kRuoi, 0, fPlain),
		num("trăm", kHundred, 100, fPlain), num("nghìn", kMag, 1e3, fPlain), num("ngàn", kMag, 1e3, fPlain),
		num("triệu", kMag, 1e6, fPlain), num("tỷ", kMag, 1e9, fPlain), num("tỉ", kMag, 1e9, fPlain),
		num("hăm", kTensOf, 20, fPlain), num("băm", kTensOf, 30, fPlain),
		num("hundred", eHundred, 100, fPlain), num("thousand", kMag, 1e3, fPlain),
		num("million", kMag, 1e6, fPlain), num("billion", kMag, 1e9, fPlain), num("and", eAnd, 0, fPlain),
	}
	for i, w := range strings.Fields("zero one two three four five six seven eight nine ten eleven twelve " +
		"thirteen fourteen fifteen sixteen seventeen eighteen nineteen") {
		d = append(d, num(w, eSmall, float64(i), fPlain))
	}
	for i, w := range strings.Fields("twenty thirty forty fifty sixty seventy eighty ninety") {
		d = append(d, num(w, eTens, float64(20+10*i), fPlain))
	}
	d = append(d, words(cZero, "không có", "chưa có", "ko có", "k có", "chẳng có", "ko", "kh", "khg",
		"none", "nil", "nobody", "no one", "nothing", "not any", "no")...)
	d = append(d, words(cApprox, "khoảng", "khoảng chừng", "chừng", "tầm", "độ", "ước tính", "ước chừng",
		"ước", "tạm tính", "xấp xỉ", "chắc", "chắc là", "có lẽ", "hình như", "không biết", "chưa biết",
		"chưa rõ", "không rõ", "không chắc", "chưa chắc", "about", "around", "approximately", "approx",
		"roughly", "maybe", "perhaps", "probably", "estimate", "estimated", "not sure", "or so")...)
	d = append(d, words(cBound, "hơn", "trên", "dưới", "gần", "ít nhất", "tối đa", "tối thiểu", "nhiều nhất",
		"ít hơn", "nhiều hơn", "vài", "một vài", "mấy", "dăm", "over", "under", "more than", "less than",
		"fewer than", "at least", "at most", "nearly", "almost", "up to", "below", "above", "some", "few",
		"several")...)
	d = append(d, words(cRange, "đến", "tới", "to")...)
	d = append(d, words(cFrom, "từ", "from")...)
	d = append(d, words(cOr, "hoặc", "hoặc là", "hay", "hay là", "và", "với", "or")...)
	d = append(d, words(cPercent, "phần trăm", "percent", "per cent")...)
	d = append(d, words(cFraction, "phần", "nửa", "half", "quarter", "quarters")...)
	d = append(d, words(cFiller, "dạ", "vâng", "ạ", "à", "nhé", "nha", "nhá", "thôi", "cả", "nào", "ai",
		"hết", "là", "có", "được", "tổng", "tổng cộng", "tổng số", "tất cả", "số", "total", "in total",
		"only", "just", "there are", "there is", "we have")...)
	return append(d, words(cUnit, "trẻ", "trẻ em", "trẻ nhỏ", "em", "cháu", "bé", "đứa", "đứa trẻ", "người",
		"ca", "trường hợp", "th", "vụ", "vụ việc", "học sinh", "hs", "hộ", "hộ gia đình", "gia đình", "lần",
		"lượt", "buổi", "cuộc", "lớp", "trường", "điểm", "nhóm", "câu lạc bộ", "clb", "cơ sở", "thôn", "bản",
		"xã", "cái", "kg", "ký", "cân", "ki lô", "child", "children", "kid", "kids", "person", "persons",
		"people", "case", "cases", "incident", "incidents", "time", "times", "family", "families",
		"household", "households", "school", "schools", "village", "villages", "club", "clubs", "member",
		"members", "student", "students", "pupil", "pupils", "boy", "boys", "girl", "girls", "kilo", "kilos")...)
}()

// lookups are the tables built from the dictionary: one word written with
// its marks, one word typed without them, and phrases of several words by
// their first word.
type lookups struct {
	exact, folded map[string]*entry
	phrases       map[string][]*entry
}

var tables = buildLookups()

func buildLookups() lookups {
	l := lookups{exact: map[string]*entry{}, folded: map[string]*entry{}, phrases: map[string][]*entry{}}
	// Typed without marks, "muoi" is mười (10) or mươi (tens): the parser
	// tells them apart by position.
	l.folded["muoi"] = &entry{words: []string{"muoi"}, cat: cNumber, kind: kMuoi, val: 10}
	// And "mot" is một or mốt: "hai mot" is 21 as "hai mốt" is.
	l.folded["mot"] = &entry{words: []string{"mot"}, cat: cNumber, kind: kDigit, val: 1, form: fMotAny}
	for i := range dictionary {
		e := &dictionary[i]
		if len(e.words) > 1 {
			head := Fold(e.words[0])
			l.phrases[head] = append(l.phrases[head], e)
			continue
		}
		if _, ok := l.exact[e.words[0]]; !ok {
			l.exact[e.words[0]] = e
		}
		if _, ok := l.folded[Fold(e.words[0])]; !ok {
			l.folded[Fold(e.words[0])] = e
		}
	}
	return l
}

// wordMatches says whether a typed word is the dictionary word w: exactly,
// or, typed without any marks, as w without its marks. A word typed with
// marks must match exactly, so "làm" is never "lăm".
func wordMatches(typed, w string) bool {
	if typed == w {
		return true
	}
	f := Fold(typed)
	return f == typed && f == Fold(w)
}

// lookup finds the longest dictionary phrase at words[i:], returning it
// and how many words it covers.
func lookup(ws []string, i int) (*entry, int) {
	var best *entry
	n := 0
	for _, e := range tables.phrases[Fold(ws[i])] {
		if len(e.words) <= n || i+len(e.words) > len(ws) {
			continue
		}
		ok := true
		for k, w := range e.words {
			ok = ok && wordMatches(ws[i+k], w)
		}
		if ok {
			best, n = e, len(e.words)
		}
	}
	if best != nil {
		return best, n
	}
	w := norm.NFC.String(ws[i])
	if e, ok := tables.exact[w]; ok {
		return e, 1
	}
	if f := Fold(w); f == w {
		if e, ok := tables.folded[f]; ok {
			return e, 1
		}
	}
	return nil, 0
}
