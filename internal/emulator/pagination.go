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
// from items, which must be sorted by key. By default a cursor means "after
// key", so deleting records between pages neither skips nor repeats any. With
// offsets (Options.OffsetCursors) it means "from position n" of the listing as
// it is when the next page is asked for, which the contract allows too (a
// cursor is opaque): a record deleted before the cursor makes the next page
// skip one, a record inserted before it makes the next page repeat one. list
// names the listing inside the cursor, so a cursor of one list is rejected by
// another.
func paginate[T any](q url.Values, offsets bool, list string, items []T, key func(T) string) (listPage, error) {
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
		var ok bool
		if start, ok = cursorStart(q.Get("cursor"), offsets, list, len(items), func(i int) string { return key(items[i]) }); !ok {
			return listPage{}, badRequest("cursor", "Invalid cursor: pass meta.nextCursor of the previous page unchanged")
		}
	}
	end := min(start+limit, len(items))
	meta := cursorMeta{Limit: limit}
	if end < len(items) {
		next := encodeCursor(list, key(items[end-1]))
		if offsets {
			next = encodeOffsetCursor(list, end)
		}
		meta.NextCursor = &next
	}
	return listPage{Data: append(make([]T, 0, end-start), items[start:end]...), Meta: meta}, nil
}

// cursorStart is the index in a listing of n items (keyAt gives their keys)
// where the page after cursor starts; ok is false for a cursor that is not
// one of this listing's, in the style offsets says.
func cursorStart(cursor string, offsets bool, list string, n int, keyAt func(int) string) (start int, ok bool) {
	if offsets {
		offset, ok := decodeOffsetCursor(list, cursor)
		return min(offset, n), ok
	}
	after, ok := decodeCursor(list, cursor)
	return sort.Search(n, func(i int) bool { return keyAt(i) > after }), ok
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

// encodeOffsetCursor is the cursor of the page that starts at position offset.
func encodeOffsetCursor(list string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(list + "@" + strconv.Itoa(offset)))
}

func decodeOffsetCursor(list, cursor string) (offset int, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, false
	}
	digits, ok := strings.CutPrefix(string(raw), list+"@")
	offset, err = strconv.Atoi(digits)
	return offset, ok && err == nil && offset > 0
}
