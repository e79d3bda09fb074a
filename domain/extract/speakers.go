package extract

// speakers remembers the people named so far, so that a later surname or
// pronoun can be given the full name a reader would.
type speakers struct {
	full map[string]string // surname → "First Surname"
	last string            // the most recent resolved speaker
	pos  int               // tokens before pos have been learnt
	toks []token
	text string
}

// startDoc points learn at a new doc; the names learnt so far are kept.
func (p *speakers) startDoc(toks []token, text string) {
	if p.full == nil {
		p.full = map[string]string{}
	}
	p.toks, p.text, p.pos = toks, text, 0
}

// learn records every run of two or three capitalised words before end.
func (p *speakers) learn(end int) {
	toks, text := p.toks, p.text
	for p.pos < end {
		i := p.pos
		e := capRun(toks, i, len(toks))
		b := i
		for b < e-1 && (titles[toks[b].low] || toks[b].low == ".") {
			b++
		}
		if e-b >= 2 && e-b <= 3 && !toks[b].is("the") && months[toks[b].low] == 0 {
			name := text[toks[b].start:toks[e-1].end]
			// Either end may be the family name: "Robin Xing" is Xing,
			// "Zheng Shanjie" is Zheng. The latest person named wins.
			if !toks[e-1].possessive() {
				for k := b; k < e; k++ {
					p.full[toks[k].text] = name
				}
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
