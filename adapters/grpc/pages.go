package grpcadapter

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A page token is opaque to clients: base64 of a fingerprint of the list's
// filters and the last id of the previous page. The fingerprint lets the
// server refuse a token reused with other filters, which would otherwise
// silently skip or repeat results.

func pageToken(filters, lastID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fingerprint(filters) + ":" + lastID))
}

// afterID decodes a page token into the id to continue after ("" for the
// first page).
func afterID(token, filters string) (string, error) {
	if token == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", status.Error(codes.InvalidArgument, "page_token: malformed")
	}
	fp, last, ok := strings.Cut(string(raw), ":")
	switch {
	case !ok || last == "":
		return "", status.Error(codes.InvalidArgument, "page_token: malformed")
	case fp != fingerprint(filters):
		return "", status.Error(codes.InvalidArgument, "page_token: from a request with other filters")
	}
	return last, nil
}

func fingerprint(filters string) string {
	h := fnv.New32a()
	h.Write([]byte(filters))
	return fmt.Sprintf("%08x", h.Sum32())
}

// pageSize applies the documented rule: 0 means the default, above the
// maximum means the maximum, negative is refused.
func (h *handlers) pageSize(n int32) (int, error) {
	switch {
	case n < 0:
		return 0, status.Error(codes.InvalidArgument, "page_size: must not be negative")
	case n == 0:
		return h.cfg.DefaultPageSize, nil
	case int(n) > h.cfg.MaxPageSize:
		return h.cfg.MaxPageSize, nil
	}
	return int(n), nil
}

// page reads one more item than asked, to know whether a next page exists
// without a second query; it trims the extra and returns the next token.
func page[T any](items []T, limit int, idOf func(T) string, filters string) ([]T, string) {
	if len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	return items, pageToken(filters, idOf(items[limit-1]))
}
