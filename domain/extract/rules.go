package extract

// This file holds every threshold the consistency checks use, so that a
// reviewer who disputes a flag can find the number behind it in one place.

// Band is a closed interval of plausible values.
type Band struct{ Lo, Hi float64 }

func (b Band) contains(v float64) bool { return v >= b.Lo && v <= b.Hi }

// ExchangeBands gives each currency's plausible rate as units per one US
// dollar. The bands span the rates seen from 2000 to 2026 with about five
// percent to spare on each side, so an article from any of those years is
// judged fairly (the real traded near 2 to the dollar in 2013 and near 6 in
// 2024), and a rate outside a band is a typo, a wrong currency or a wrong
// scale word (a factor of ten or a thousand), not market movement. Pegged
// currencies get narrow bands. A pair of two non-dollar currencies is judged
// by the cross band (lo_A/hi_B, hi_A/lo_B).
var ExchangeBands = map[string]Band{
	"USD": {1, 1},
	"CNY": {5.8, 8.7},
	"EUR": {0.60, 1.25},
	"GBP": {0.45, 0.97},
	"CHF": {0.70, 1.90},
	"JPY": {72, 170},
	"INR": {37, 95},
	"KRW": {880, 1650},
	"HKD": {7.70, 7.90},
	"TWD": {27, 36},
	"SGD": {1.18, 1.90},
	"AUD": {0.90, 2.10},
	"NZD": {1.10, 2.60},
	"CAD": {0.90, 1.70},
	"MXN": {8.5, 26},
	"BRL": {1.5, 6.6},
	"RUB": {22, 140},
	"ZAR": {5.5, 20},
	"TRY": {1.1, 45},
	"NGN": {95, 1700},
	"SAR": {3.70, 3.80},
	"AED": {3.60, 3.70},
	"MYR": {2.9, 4.9},
	"THB": {28, 46},
	"IDR": {8000, 17000},
	"VND": {14000, 27000},
	"SEK": {5.8, 11.5},
	"NOK": {4.9, 11.5},
}

const (
	// ArithmeticTolerance is the relative error allowed when the text's own
	// numbers are added or subtracted: news rounds to two or three figures.
	ArithmeticTolerance = 0.03

	// SameValueTolerance is how far apart two amounts for one subject may be
	// and still count as the same value (rounding "$1.26bn" to "$1.3bn").
	SameValueTolerance = 0.05

	// ShareLimit is the most that shares of one whole may add up to, in
	// percent; the half point allows for rounding of each share.
	ShareLimit = 100.5

	// NearShare is how many percentage points a stated share may lie from
	// the share its part and whole give and still be taken as stating it
	// (then it must agree to its rounding); further off, the percentage is
	// taken to measure something else.
	NearShare = 5.0

	// SubjectPrefix is how many leading letters two words must share to
	// name the same thing ("economic"/"economy") in the headline-year check.
	SubjectPrefix = 5

	// maxSameSubject is how many mentions of one subject later amounts are
	// compared with, so a long text stays linear.
	maxSameSubject = 16

	// maxScaleAmounts is how many amounts of a block the scale-slip check
	// pairs up, so a long text stays linear.
	maxScaleAmounts = 64

	// maxTerms is how many amounts before "a total of" may be its parts.
	maxTerms = 8
)

// partWholeLinks between two amounts make the first a part of the second:
// "120 of the 100 staff", "3 out of 5".
var partWholeLinks = []string{"out of", "of the", "of its", "of their", "of all", "of a total of", "out of a total of"}

// wholePartLinks make the second amount part of the first: "$10bn, of which $12bn".
var wholePartLinks = []string{", of which", "of which", ", including", "including"}

// totalLinks put a total after its parts: "A and B, a total of C".
var totalLinks = setOf("total", "totaling", "totalling", "totalled", "totaled", "combined", "together", "altogether", "sum")

// changeLinks put the size of a change after "from A to B".
var changeLinks = setOf("increase", "rise", "gain", "jump", "growth", "drop", "decline", "fall", "decrease", "loss", "up", "down", "cut", "reduction")
