package emulator

import (
	"encoding/base64"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

const (
	defaultLimit = 25
	maxLimit     = 100
)

// listPage is the {data, meta} body of every list endpoint.
type listPage struct {
	Data any        `json:"data"`
	Meta cursorMeta `json:"meta"`
}

type cursorMeta struct {
	Limit      int     `json:"limit"`
	NextCursor *string `json:"nextCursor"`
}

// paginate picks the page that the limit and cursor query parameters select
// from items, which must be sorted by key. A cursor means "after key", not an
// offset, so deleting records between pages neither skips nor repeats any.
// list names the listing inside the cursor, so a cursor of one list is
// rejected by another.
func paginate[T any](q url.Values, list string, items []T, key func(T) string) (listPage, error) {
	limit := defaultLimit
	if q.Has("limit") {
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil || n < 1 || n > maxLimit {
			return listPage{}, badRequest("limit", "limit must be an integer between 1 and %d, got %q", maxLimit, q.Get("limit"))
		}
		limit = n
	}
	start := 0
	if q.Has("cursor") {
		after, ok := decodeCursor(list, q.Get("cursor"))
		if !ok {
			return listPage{}, badRequest("cursor", "Invalid cursor: pass meta.nextCursor of the previous page unchanged")
		}
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > after })
	}
	end := min(start+limit, len(items))
	meta := cursorMeta{Limit: limit}
	if end < len(items) {
		next := encodeCursor(list, key(items[end-1]))
		meta.NextCursor = &next
	}
	return listPage{Data: append(make([]T, 0, end-start), items[start:end]...), Meta: meta}, nil
}

func encodeCursor(list, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(list + ":" + key))
}

func decodeCursor(list, cursor string) (key string, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return "", false
	}
	key, ok = strings.CutPrefix(string(raw), list+":")
	return key, ok && key != ""
}
