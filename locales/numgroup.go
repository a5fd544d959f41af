package locales

import "math"

// group reads a number below a thousand, or a digit run: "ba trăm linh
// năm", "hai mươi mốt", "mười lăm", "hai lăm", "2 trăm", "12".
func (p *wordParser) group() (float64, error) {
	if p.done() {
		return 0, ErrNotNumber
	}
	it := p.next()
	switch it.kind {
	case kNum:
		return p.afterNum(it.val)
	case kDigit, kZero:
		return p.afterDigit(it)
	case kTen, kMuoi:
		return p.afterTen()
	case kTensOf:
		return p.afterTens(it.val), nil
	}
	return 0, ErrNotNumber
}

func isDigit(v float64) bool { return v >= 1 && v <= 9 && v == math.Trunc(v) }

// afterNum reads what may follow digits: "2 trăm", "2 chục".
func (p *wordParser) afterNum(v float64) (float64, error) {
	switch {
	case p.at(kHundred):
		if !isDigit(v) {
			return 0, ErrNotNumber
		}
		p.i++
		return p.afterHundred(v * 100)
	case p.at(kChuc, kTens, kMuoi):
		if !isDigit(v) {
			return 0, ErrNotNumber
		}
		p.i++
		return p.afterTens(v * 10), nil
	}
	return v, nil
}

// afterDigit reads what may follow a digit word: trăm, mươi, chục, or the
// units of the short spoken form ("hai lăm" is 25, "ba mốt" is 31).
func (p *wordParser) afterDigit(it item) (float64, error) {
	d := it.val
	switch {
	case p.at(kHundred):
		p.i++
		return p.afterHundred(d * 100)
	case p.at(kTens, kMuoi) && d >= 2, p.at(kChuc) && d >= 1:
		p.i++
		return p.afterTens(d * 10), nil
	case p.at(kTens, kMuoi, kChuc):
		return 0, ErrNotNumber
	case it.kind == kDigit && d >= 2 && p.atShortUnits():
		return d*10 + p.next().val, nil
	case it.form == fMot || it.form == fLam:
		// "mốt" and "lăm" are only ever units after tens.
		return 0, ErrNotNumber
	}
	return d, nil
}

// atShortUnits reports whether the next word can only be the units of a
// number whose tens word was dropped: mốt, tư, lăm.
func (p *wordParser) atShortUnits() bool {
	if !p.at(kDigit) {
		return false
	}
	f := p.items[p.i].form
	return f == fMot || f == fMotAny || f == fTu || f == fLam
}

// afterTen reads the units after mười: "mười lăm", "mười một", "mười tư".
func (p *wordParser) afterTen() (float64, error) {
	if !p.at(kDigit) {
		return 10, nil
	}
	u := p.items[p.i]
	switch u.form {
	case fMot:
		return 0, ErrNotNumber
	case fNam:
		// "mười năm" is fifteen in speech, but also "ten years".
		p.colloquial = true
	}
	p.i++
	return 10 + u.val, nil
}

// afterTens reads the units after "hai mươi": mốt, tư, lăm, or a digit.
func (p *wordParser) afterTens(base float64) float64 {
	if !p.at(kDigit) {
		return base
	}
	u := p.next()
	if u.form == fNam {
		p.colloquial = true
	}
	return base + u.val
}

// afterHundred reads the rest of a hundred: "linh năm", "hai mươi",
// "mười lăm", "rưỡi", "50", or the spoken "một trăm hai" (120).
func (p *wordParser) afterHundred(base float64) (float64, error) {
	switch {
	case p.at(kLinh):
		p.i++
		if !p.at(kDigit) || p.items[p.i].form == fMot || p.items[p.i].form == fLam {
			return 0, ErrNotNumber
		}
		return base + p.next().val, nil
	case p.at(kTen, kMuoi):
		p.i++
		v, err := p.afterTen()
		return base + v, err
	case p.at(kRuoi):
		p.i++
		return base + 50, nil
	case p.at(kNum):
		v := p.next().val
		if v >= 100 || v != math.Trunc(v) {
			return 0, ErrNotNumber
		}
		return base + v, nil
	case !p.at(kDigit):
		return base, nil
	}
	d := p.next()
	if d.form == fMot || d.form == fLam {
		return 0, ErrNotNumber
	}
	switch {
	case p.at(kTens, kMuoi, kChuc):
		p.i++
		return base + p.afterTens(d.val*10), nil
	case p.atShortUnits():
		p.colloquial = true
		return base + d.val*10 + p.next().val, nil
	}
	// "một trăm hai" is 120 in speech.
	p.colloquial = true
	return base + d.val*10, nil
}

// english reads "twenty-one", "one hundred and five", "two thousand",
// "12 thousand".
func (p *wordParser) english() (float64, error) {
	total, cur, last := 0.0, 0.0, math.Inf(1)
	prev := kind(-1)
	for !p.done() {
		it := p.next()
		switch it.kind {
		case eSmall, kNum:
			if prev == eSmall || prev == kNum || (prev == eTens && (it.val == 0 || it.val >= 10)) {
				return 0, ErrTwoNumbers
			}
			cur += it.val
		case eTens:
			if prev == eSmall || prev == kNum || prev == eTens {
				return 0, ErrTwoNumbers
			}
			cur += it.val
		case eHundred:
			if cur < 1 || cur >= 100 || prev == eHundred {
				return 0, ErrNotNumber
			}
			cur *= 100
		case kMag:
			if cur == 0 || it.val >= last {
				return 0, ErrNotNumber
			}
			total, cur, last = total+cur*it.val, 0, it.val
		case eAnd:
			if (prev != eHundred && prev != kMag) || p.done() {
				return 0, ErrTwoNumbers
			}
			continue
		default:
			return 0, ErrNotNumber
		}
		prev = it.kind
	}
	return total + cur, nil
}
