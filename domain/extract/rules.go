package extract

// This file holds every threshold the consistency checks use, so that a
// reviewer who disputes a flag can find the number behind it in one place.

// Band is a closed interval of plausible values.
type Band struct{ Lo, Hi float64 }

func (b Band) contains(v float64) bool { return v >= b.Lo && v <= b.Hi }

// ExchangeBands gives each currency's plausible rate as units per one US
// dollar. The bands span the rates seen from 2015 to 2026 with about five
// percent to spare on each side, so a rate outside one is a typo, a wrong
// currency or a wrong scale word rather than market movement. Pegged
// currencies get narrow bands. A pair of two non-dollar currencies is judged
// by the cross band (lo_A/hi_B, hi_A/lo_B).
var ExchangeBands = map[string]Band{
	"USD": {1, 1},
	"CNY": {6.0, 7.6},
	"EUR": {0.78, 1.10},
	"GBP": {0.65, 0.95},
	"CHF": {0.78, 1.08},
	"JPY": {95, 165},
	"INR": {60, 95},
	"KRW": {1000, 1500},
	"HKD": {7.70, 7.90},
	"TWD": {27, 35},
	"SGD": {1.22, 1.50},
	"AUD": {1.20, 1.75},
	"NZD": {1.30, 1.85},
	"CAD": {1.20, 1.50},
	"MXN": {15, 23},
	"BRL": {3.0, 6.5},
	"RUB": {55, 140},
	"ZAR": {11, 20},
	"TRY": {2.5, 45},
	"NGN": {150, 1700},
	"SAR": {3.70, 3.80},
	"AED": {3.60, 3.70},
	"MYR": {3.7, 4.9},
	"THB": {29, 38},
	"IDR": {12500, 16800},
	"VND": {21000, 26800},
	"SEK": {8.0, 11.5},
	"NOK": {8.0, 11.5},
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

	// SubjectPrefix is how many leading letters two words must share to
	// name the same thing ("economic"/"economy") in the headline-year check.
	SubjectPrefix = 5

	// maxSameSubject is how many mentions of one subject later amounts are
	// compared with, so a long text stays linear.
	maxSameSubject = 16

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
