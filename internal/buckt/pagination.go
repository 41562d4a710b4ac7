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

// fetchPage fetches the page of a list endpoint that starts at cursor ("" for
// the first) and returns its items and the next cursor ("" after the last page).
func fetchPage[T any](ctx context.Context, c *Client, path string, query url.Values, cursor string) ([]T, string, error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("limit", strconv.Itoa(MaxPageSize))
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var page listPage[T]
	if err := c.do(ctx, call{method: "GET", path: path, query: q, out: &page}); err != nil {
		return nil, "", err
	}
	if page.Meta.NextCursor == nil {
		return page.Data, "", nil
	}
	return page.Data, *page.Meta.NextCursor, nil
}

// listed is an item of a listing: what its id is.
type listed interface{ listingID() string }

func (a AWSAccount) listingID() string   { return a.ID }
func (b Bucket) listingID() string       { return b.ID }
func (s S3BucketInfo) listingID() string { return s.ID }

// paginate yields every item of a list endpoint, following meta.nextCursor until
// it is null. An error ends the sequence after being yielded once. A listing
// walked while others create may show an item twice (its cursors may be
// offsets): each id is yielded once.
func paginate[T listed](ctx context.Context, c *Client, path string, query url.Values) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		seen := map[string]bool{}
		yielded := map[string]bool{}
		cursor := ""
		for {
			items, next, err := fetchPage[T](ctx, c, path, query, cursor)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items {
				if yielded[item.listingID()] {
					continue
				}
				yielded[item.listingID()] = true
				if !yield(item, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			if seen[next] {
				var zero T
				yield(zero, fmt.Errorf("GET %s: the API returned cursor %q twice; stopping to avoid an endless listing", path, next))
				return
			}
			seen[next] = true
			cursor = next
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
