package viewstest

// Articles are made-up reports written for the suite and for adapters'
// own views tests, title on the first line. The first has a headline year
// its body contradicts, so a claim is flagged.
var Articles = []string{
	`Harbour City Approves 2026 Transit Overhaul
The council of Harbour City approved a 3 trillion won ($2.2 billion) transit package on Tuesday, according to the city's finance director, Mara Quill.
The city's 2025 transit plan sets aside 40% of the money for new tram lines.
"We will open the first line within two years," Quill said.
`,
	`Valley Farms Report Record Harvest
Growers in the Lindell valley harvested 1.2 million tonnes of apples this season, up 8 percent on last year, the farmers' cooperative said on Monday.
The cooperative employs 3,400 seasonal workers and exported a third of the crop to 12 countries.
`,
	`Northport Library Extends Opening Hours
Northport's central library will open 10 hours longer each week from April, the library board said, after visits rose 15% in 2025.
The change costs 450,000 euros a year, according to the board's budget.
`,
}
