package app

import (
	"context"
	"slices"
	"strings"

	"github.com/claimledger/claimledger/domain/claim"
)

// ExtractionStat is what the desk's reviews say of one extractor version
// on one kind of claim.
type ExtractionStat struct {
	Version   string // the extractor's; UnknownExtractor before versions were kept
	Kind      string // the kind the extractor gave, or the reviewer who added it
	Extracted int    // claims the extractor found
	NotAClaim int    // of those, dismissed as not_a_claim: false positives
	Corrected int    // of those, corrected by an editor (kind or span)
	Added     int    // claims reviewers added by hand to articles this version extracted: misses
}

// Precision estimates the share of extracted claims that are claims:
// 1 - NotAClaim/Extracted. ok is false with nothing extracted.
func (s ExtractionStat) Precision() (p float64, ok bool) {
	if s.Extracted == 0 {
		return 0, false
	}
	return 1 - float64(s.NotAClaim)/float64(s.Extracted), true
}

// Recall estimates the share of the claims there are that the extractor
// found: kept/(kept+Added), kept = Extracted-NotAClaim. It counts only the
// misses reviewers noticed, so it is an upper bound.
func (s ExtractionStat) Recall() (r float64, ok bool) {
	kept := s.Extracted - s.NotAClaim
	if kept+s.Added == 0 {
		return 0, false
	}
	return float64(kept) / float64(kept+s.Added), true
}

// ExtractionStats counts, per extractor version and kind, the claims
// extracted, dismissed as not_a_claim, corrected and added by hand, from the
// claim views. A claim added by hand is charged to the version that
// extracted its article last (the newest extraction among its claims).
func (q *Queries) ExtractionStats(ctx context.Context, minPosition uint64) ([]ExtractionStat, error) {
	if err := q.caughtUp(ctx, minPosition); err != nil {
		return nil, err
	}
	type key struct{ version, kind string }
	stats := map[key]*ExtractionStat{}
	at := func(version, kind string) *ExtractionStat {
		k := key{version, kind}
		if stats[k] == nil {
			stats[k] = &ExtractionStat{Version: version, Kind: kind}
		}
		return stats[k]
	}
	latest := map[string]ClaimView{} // article → its claim extracted last
	var added []ClaimView            // charged once every article's version is known
	for after := ""; ; {
		page, err := q.views.Claims(ctx, ClaimFilter{}, after, 500)
		if err != nil {
			return nil, err
		}
		for _, v := range page {
			origin, version, kind := v.Provenance()
			if origin == claim.OriginAdded {
				added = append(added, v)
				continue
			}
			s := at(version, kind)
			s.Extracted++
			if v.Status == claim.StatusDismissed && v.DismissCode == claim.DismissNotAClaim {
				s.NotAClaim++
			}
			if v.Corrections > 0 {
				s.Corrected++
			}
			if l, ok := latest[v.ArticleID]; !ok || v.ExtractedAt.After(l.ExtractedAt) {
				latest[v.ArticleID] = v
			}
		}
		if len(page) < 500 {
			break
		}
		after = page[len(page)-1].ID
	}
	for _, v := range added {
		version := claim.UnknownExtractor
		if l, ok := latest[v.ArticleID]; ok {
			_, version, _ = l.Provenance()
		}
		_, _, kind := v.Provenance()
		at(version, kind).Added++
	}
	out := make([]ExtractionStat, 0, len(stats))
	for _, s := range stats {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b ExtractionStat) int {
		if c := strings.Compare(a.Version, b.Version); c != 0 {
			return c
		}
		return strings.Compare(a.Kind, b.Kind)
	})
	return out, nil
}
