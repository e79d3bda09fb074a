package extract

// speakers remembers the people named so far, so that a later surname or
// pronoun can be given the full name a reader would.
type speakers struct {
	full map[string]string // surname → "First Surname"
	last string            // the most recent resolved speaker
	pos  int               // tokens before pos have been learnt
	toks []token
}

// learn records every run of two or three capitalised words before end.
func (p *speakers) learn(toks []token, end int) {
	if p.full == nil {
		p.full = map[string]string{}
	}
	if len(p.toks) != len(toks) || (len(toks) > 0 && &p.toks[0] != &toks[0]) {
		p.toks, p.pos = toks, 0
	}
	for p.pos < end {
		i := p.pos
		e := capRun(toks, i, len(toks))
		if e-i >= 2 && e-i <= 3 && !toks[i].is("the") && months[toks[i].low] == 0 {
			name := ""
			for k := i; k < e; k++ {
				if k > i {
					name += " "
				}
				name += toks[k].text
			}
			// Either end may be the family name: "Robin Xing" is Xing,
			// "Zheng Shanjie" is Zheng. The latest person named wins.
			if !toks[e-1].possessive() {
				p.full[toks[e-1].text] = name
				p.full[toks[i].text] = name
			}
		}
		if e > i {
			p.pos = e
		} else {
			p.pos++
		}
	}
}

func (p *speakers) resolve(raw string) string {
	switch raw {
	case "":
		return ""
	case "he", "she", "they":
		return p.last
	case "it", "we", "i":
		return ""
	}
	who := raw
	if full, ok := p.full[raw]; ok {
		who = full
	}
	p.last = who
	return who
}
