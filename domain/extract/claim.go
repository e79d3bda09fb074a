package extract

// Kind is what sort of checkable statement a claim is.
type Kind string

const (
	KindMoney       Kind = "money"
	KindPercentage  Kind = "percentage"
	KindCount       Kind = "count"
	KindQuantity    Kind = "quantity"
	KindDuration    Kind = "duration"
	KindDate        Kind = "date"
	KindRanking     Kind = "ranking"
	KindComparison  Kind = "comparison"
	KindAttribution Kind = "attribution"
	KindQuote       Kind = "quote"
	KindEvent       Kind = "event"
	KindPrediction  Kind = "prediction"
	KindIdentifier  Kind = "identifier"
)

// Result is the outcome of one consistency check.
type Result string

const (
	Pass Result = "pass"
	Warn Result = "warn"
	Fail Result = "fail"
)

// Check is one consistency check run on a claim. Detail is written for a
// reviewer, so it names the numbers it compared.
type Check struct {
	Name   string `json:"name"`
	Result Result `json:"result"`
	Detail string `json:"detail"`
}

// Claim is one checkable statement. Start and End are UTF-8 byte offsets into
// the Part (title or body) of the Article it came from; Text is exactly that
// slice, so a claim can always be found again in the text as given.
type Claim struct {
	Kind     Kind    `json:"kind"`
	Text     string  `json:"text"`
	Part     Part    `json:"part"`
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Sentence string  `json:"sentence"`
	Value    *Value  `json:"normalized,omitempty"`
	Source   string  `json:"source,omitempty"`
	Checks   []Check `json:"checks"`
}

// Failed reports whether any check found an internal inconsistency.
func (c Claim) Failed() bool {
	for _, ch := range c.Checks {
		if ch.Result == Fail {
			return true
		}
	}
	return false
}

// Value is the normalized meaning of a claim. Only the fields that make sense
// for the claim's kind are set, so the JSON stays small.
type Value struct {
	Number      *float64 `json:"value,omitempty"`
	Unit        string   `json:"unit,omitempty"` // ISO 4217 code, "percent", "year", "km" ...
	Qualifier   string   `json:"qualifier,omitempty"`
	Paired      *Amount  `json:"paired,omitempty"`
	Rate        *Rate    `json:"implied_rate,omitempty"`
	Date        string   `json:"date,omitempty"` // ISO 8601 prefix: 2025, 2025-01, 2025-01-28, 2025-W05
	Granularity string   `json:"granularity,omitempty"`
	Weekday     string   `json:"weekday,omitempty"`
	Relative    string   `json:"relative,omitempty"`
	Resolved    string   `json:"resolved_from,omitempty"`
	ISO8601     string   `json:"iso8601,omitempty"`
	Of          string   `json:"of,omitempty"`
	Subject     string   `json:"subject,omitempty"`
	TimeScope   string   `json:"time_scope,omitempty"`
	Cue         string   `json:"cue,omitempty"`
	Modality    string   `json:"modality,omitempty"`
	Rank        int      `json:"rank,omitempty"`
	From        *float64 `json:"from,omitempty"` // where a change started: "to 20% from 15%"
}

// Amount is a sum of money in one currency.
type Amount struct {
	Value    float64 `json:"value"`
	Currency string  `json:"currency,omitempty"`
}

// Rate is the exchange rate implied by an "A (B)" pair, as units of Base per
// one unit of Quote, and whether it lies in the band rules.go gives the pair.
type Rate struct {
	Pair      string     `json:"pair"`
	Value     float64    `json:"value"`
	Band      [2]float64 `json:"plausible_band"`
	Plausible bool       `json:"plausible"`
}

func num(f float64) *float64 { return &f }
