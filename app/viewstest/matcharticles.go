package viewstest

// MatchArticles are two articles, written for the tests, that share claims
// in other words: a stimulus given as "2 trillion yuan" and as "¥2tn", a
// fund's registered capital given as 344 billion yuan in one and, wrongly,
// as 47.5 billion yuan (the dollar figure) in the other.
var MatchArticles = []string{
	`Lanzhou Province Sets Up Chip Fund
Lanzhou province set up a semiconductor investment fund with a registered capital of 344 billion yuan ($47.5 billion), according to the state registry.
The cabinet also approved a 2 trillion yuan stimulus package for factories and rural lenders.
`,
	`Investors Flock to New Chip Fund
The semiconductor investment fund in Lanzhou province was set up with a registered capital of 47.5 billion yuan, the state registry shows.
Analysts said the cabinet's ¥2tn stimulus package for factories would help rural lenders too.
`,
}
