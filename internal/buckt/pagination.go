package buckt

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strconv"
)

// MaxPageSize is the largest page the list endpoints serve; fewer, larger pages
// mean fewer requests against a rate-limited API.
const MaxPageSize = 100

// listPage is one page of a list endpoint.
type listPage[T any] struct {
	Data []T `json:"data"`
	Meta struct {
		NextCursor *string `json:"nextCursor"`
	} `json:"meta"`
}

// paginate yields every item of a list endpoint, following meta.nextCursor until
// it is null. An error ends the sequence after being yielded once.
func paginate[T any](ctx context.Context, c *Client, path string, query url.Values) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("limit", strconv.Itoa(MaxPageSize))
		seen := map[string]bool{}
		for {
			var page listPage[T]
			if err := c.do(ctx, call{method: "GET", path: path, query: q, out: &page}); err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Data {
				if !yield(item, nil) {
					return
				}
			}
			next := page.Meta.NextCursor
			if next == nil || *next == "" {
				return
			}
			if seen[*next] {
				var zero T
				yield(zero, fmt.Errorf("GET %s: the API returned cursor %q twice; stopping to avoid an endless listing", path, *next))
				return
			}
			seen[*next] = true
			q.Set("cursor", *next)
		}
	}
}

// collect drains seq into a slice, stopping at the first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var items []T
	for item, err := range seq {
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	return items, nil
}
