package extract

// Word lists. They are generic English news vocabulary, not taken from any one
// article: currencies, scale words, units, speech verbs and the cue phrases of
// comparisons, events and forecasts.

// currencyWords maps a currency written after the amount to its ISO code.
var currencyWords = map[string]string{
	"yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY",
	"dollar": "USD", "dollars": "USD", "usd": "USD",
	"euro": "EUR", "euros": "EUR", "eur": "EUR",
	"pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP",
	"yen": "JPY", "jpy": "JPY",
	"rupee": "INR", "rupees": "INR", "inr": "INR",
	"won": "KRW", "krw": "KRW",
	"franc": "CHF", "francs": "CHF", "chf": "CHF",
	"rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rub": "RUB",
	"peso": "MXN", "pesos": "MXN", "mxn": "MXN",
	"real": "BRL", "reais": "BRL", "brl": "BRL",
	"rand": "ZAR", "zar": "ZAR",
	"naira": "NGN", "lira": "TRY", "ringgit": "MYR", "baht": "THB", "rupiah": "IDR",
	"dong": "VND", "riyal": "SAR", "riyals": "SAR", "dirham": "AED", "dirhams": "AED",
	"hkd": "HKD", "aud": "AUD", "cad": "CAD", "sgd": "SGD", "twd": "TWD",
	"krona": "SEK", "kronor": "SEK", "krone": "NOK", "kroner": "NOK",
	"bitcoin": "BTC", "bitcoins": "BTC",
}

// currencyCodes may also stand before the amount: "RMB 250 billion".
var currencyCodes = setOf("rmb", "cny", "usd", "eur", "gbp", "jpy", "inr", "krw", "chf", "hkd",
	"aud", "cad", "sgd", "twd", "rub", "mxn", "brl", "zar")

// currencySymbols stand before the amount. "$" alone is read as US dollars,
// the convention of English-language news.
var currencySymbols = map[string]string{
	"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₦": "NGN",
}

// dollarPrefixes qualify "$" when glued to it: US$, HK$, A$.
var dollarPrefixes = map[string]string{
	"us": "USD", "u.s.": "USD", "hk": "HKD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD",
	"s": "SGD", "nz": "NZD", "nt": "TWD", "r": "BRL",
}

// dollarCountries qualify "dollars" written after the amount.
var dollarCountries = map[string]string{
	"us": "USD", "american": "USD", "hong": "HKD", "australian": "AUD", "canadian": "CAD",
	"singapore": "SGD", "taiwan": "TWD", "taiwanese": "TWD", "zealand": "NZD",
}

// scales multiply the number before them. The one-letter forms count only
// when glued to the number ("5bn", "$3m").
var scales = map[string]float64{
	"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9,
	"bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12, "crore": 1e7, "lakh": 1e5,
	"millions": 1e6, "billions": 1e9, "trillions": 1e12, "thousands": 1e3,
}

var gluedOnlyScales = setOf("k", "m", "b", "tr")

var spelledNumbers = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"hundred": 100, "dozen": 12, "half": 0.5,
}

var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
	"fourteenth": 14, "fifteenth": 15, "twentieth": 20,
}

var qualifiers = []string{
	"up to", "as much as", "as many as", "more than", "less than", "fewer than", "at least",
	"at most", "no more than", "close to", "just over", "just under", "an estimated", "nearly",
	"almost", "about", "around", "roughly", "approximately", "some", "over", "under", "about",
	"estimated", "approx", "only", "just", "below", "above", "exceeding",
}

var timeUnits = map[string]string{
	"second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
	"hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week", "weeks": "week",
	"month": "month", "months": "month", "year": "year", "years": "year", "decade": "decade",
	"decades": "decade", "century": "century", "centuries": "century", "quarter": "quarter", "quarters": "quarter",
}

var measureUnits = setOf("km", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile",
	"metres", "meters", "metre", "meter", "m2", "km2", "feet", "ft", "inches", "cm", "mm", "nm",
	"nanometre", "nanometres", "nanometer", "nanometers", "tonnes", "tons", "tonne", "ton", "kg",
	"kilograms", "grams", "g", "lbs", "barrels", "bpd", "gallons", "litres", "liters", "mw", "gw",
	"kw", "kwh", "mwh", "gwh", "twh", "megawatts", "gigawatts", "kilowatts", "terawatt-hours",
	"acres", "hectares", "degrees", "°c", "°f", "mph", "knots", "gb", "tb", "pb", "gigabytes",
	"terabytes", "petabytes", "flops", "petaflops", "exaflops", "teraflops", "qubits", "ghz", "mhz",
	"square", "sq", "cubic", "points", "basis", "bcm", "mtpa", "mt", "teu", "calories", "volts", "watts")

var speechVerbs = setOf("said", "says", "say", "noted", "added", "adds", "told", "tells",
	"stated", "cautioned", "cautions", "warned", "warns", "pledged", "pledges", "pledging",
	"vowed", "vows", "vowing", "promised", "promises", "argued", "argues", "claimed",
	"insisted", "insists", "explained", "explains", "wrote", "writes", "remarked", "declared",
	"acknowledged", "admitted", "confirmed", "confirms", "denied", "denies", "asserted", "observed",
	"commented", "reported", "saying", "adding", "noting", "warning", "cautioning", "predicted", "estimated",
	"cited", "cites", "urged", "urges", "demanded", "demands")

// quoteVerbs introduce or follow a direct quotation.
var quoteVerbs = speechVerbs

var pronouns = setOf("he", "she", "they", "it", "we", "i")

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]int{
	"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
}

var datePrepositions = setOf("in", "on", "since", "by", "until", "till", "from", "before", "after",
	"during", "through", "throughout", "early", "late", "mid", "of")

var stopwords = setOf("a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "and",
	"or", "but", "as", "from", "that", "this", "these", "those", "is", "are", "was", "were", "be",
	"been", "its", "their", "his", "her", "our", "it", "which", "who", "than", "into", "over",
	"per", "has", "have", "had", "will", "would", "could", "can", "may", "not", "also", "such",
	"so", "if", "while", "when", "after", "before", "about", "up", "more", "less", "some", "all",
	"under", "below", "above", "across", "through", "against", "among", "between", "despite", "via",
	"within", "without", "toward", "towards", "since", "until", "amid", "during", "each", "every", "last", "next")
