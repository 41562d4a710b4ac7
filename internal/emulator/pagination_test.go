package emulator

import (
	"net/http"
	"slices"
	"testing"
)

// accountPage is one page of GET /v1/aws-accounts, as ids.
type accountPage struct {
	ids  []string
	next string // "" on the last page
}

// listAccounts fetches one page of the connections listing after cursor ("" = the first).
func (c *testClient) listAccounts(limit, cursor string) accountPage {
	c.t.Helper()
	query := "?limit=" + limit
	if cursor != "" {
		query += "&cursor=" + cursor
	}
	var p struct {
		Data []awsAccount
		Meta cursorMeta
	}
	c.do(http.StatusOK, "GET", "/v1/aws-accounts"+query, nil).decode(c.t, &p)
	out := accountPage{}
	for _, a := range p.Data {
		out.ids = append(out.ids, a.ID)
	}
	if p.Meta.NextCursor != nil {
		out.next = *p.Meta.NextCursor
	}
	return out
}

// connectMany connects n accounts and returns their ids in the listing's order.
func (c *testClient) connectMany(n int) []string {
	c.t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = c.connect("")
	}
	slices.Sort(ids)
	return ids
}

// connectBefore connects an account that sorts before id, the listing
// position a test needs a new record at. With unordered ids each try lands
// there with a fair chance; a try that lands elsewhere is disconnected again.
func (c *testClient) connectBefore(id string) {
	c.t.Helper()
	for range 64 {
		created := c.connect("")
		if created < id {
			return
		}
		c.do(http.StatusOK, "DELETE", "/v1/aws-accounts/"+created, nil)
	}
	c.t.Fatalf("64 new accounts all sorted after %s: ids are not unordered", id)
}

func TestOffsetCursors_aDeletionBeforeTheCursorSkipsOne(t *testing.T) {
	c := start(t, Options{OffsetCursors: true})
	ids := c.connectMany(6)

	p1 := c.listAccounts("3", "")
	if !slices.Equal(p1.ids, ids[:3]) || p1.next == "" {
		t.Fatalf("page 1 %+v, want %v and a cursor", p1, ids[:3])
	}
	c.do(http.StatusOK, "DELETE", "/v1/aws-accounts/"+ids[0], nil)
	p2 := c.listAccounts("3", p1.next)
	if !slices.Equal(p2.ids, ids[4:]) || p2.next != "" {
		t.Fatalf("page 2 after a deletion on page 1: %+v, want %v (%s skipped) and no cursor", p2, ids[4:], ids[3])
	}
}

func TestOffsetCursors_anInsertionBeforeTheCursorRepeatsOne(t *testing.T) {
	c := start(t, Options{OffsetCursors: true, UnorderedIDs: true})
	ids := c.connectMany(6)

	p1 := c.listAccounts("3", "")
	c.connectBefore(ids[2])
	p2 := c.listAccounts("3", p1.next)
	if !slices.Equal(p2.ids, ids[2:5]) || p2.next == "" {
		t.Fatalf("page 2 after an insertion on page 1: %+v, want %v (%s again) and a cursor", p2, ids[2:5], ids[2])
	}
}

func TestOffsetCursors_pastTheEndIsAnEmptyLastPage(t *testing.T) {
	c := start(t, Options{OffsetCursors: true})
	ids := c.connectMany(4)

	p1 := c.listAccounts("3", "")
	for _, id := range ids[:2] {
		c.do(http.StatusOK, "DELETE", "/v1/aws-accounts/"+id, nil)
	}
	if p2 := c.listAccounts("3", p1.next); len(p2.ids) != 0 || p2.next != "" {
		t.Fatalf("page 2 of a listing that shrank below its cursor: %+v, want empty and last", p2)
	}
}

func TestKeysetCursors_neitherSkipNorRepeatWhateverChangesBeforeThem(t *testing.T) {
	c := start(t, Options{UnorderedIDs: true})
	ids := c.connectMany(6)

	p1 := c.listAccounts("3", "")
	c.do(http.StatusOK, "DELETE", "/v1/aws-accounts/"+ids[0], nil)
	c.connectBefore(ids[2])
	p2 := c.listAccounts("3", p1.next)
	if !slices.Equal(p2.ids, ids[3:]) || p2.next != "" {
		t.Fatalf("page 2 after a deletion and an insertion on page 1: %+v, want %v and no cursor", p2, ids[3:])
	}
}

func TestCursorsNameTheirListing(t *testing.T) {
	for _, offsets := range []bool{false, true} {
		c := start(t, Options{OffsetCursors: offsets})
		a := c.activeAccount("111122223333", "logs-a", "logs-b")
		c.importBuckets(a, "logs-a", "logs-b")
		c.connectMany(2)
		var buckets struct{ Meta cursorMeta }
		c.do(http.StatusOK, "GET", "/v1/buckets?limit=1&awsAccount="+a, nil).decode(t, &buckets)
		accounts := c.listAccounts("1", "")

		foreign := map[string]string{
			"/v1/aws-accounts?cursor=":                 *buckets.Meta.NextCursor,
			"/v1/buckets?cursor=":                      *buckets.Meta.NextCursor, // a connection's listing is not the wide one
			"/v1/buckets?awsAccount=" + a + "&cursor=": accounts.next,
			"/v1/aws-accounts?cursor=x":                "",
		}
		if offsets {
			foreign["/v1/aws-accounts?cursor="+encodeCursor("aws_accounts", accounts.ids[0])] = "" // a keyset cursor
		} else {
			foreign["/v1/aws-accounts?cursor="+encodeOffsetCursor("aws_accounts", 1)] = ""
		}
		for path, cursor := range foreign {
			c.fails(400, "invalid_request_error", "cursor", "GET", path+cursor, nil)
		}
	}
}

func TestOffsetCursors_everyListing(t *testing.T) {
	c := start(t, Options{OffsetCursors: true})
	a := c.activeAccount("111122223333", "s3-a", "s3-b", "s3-c")
	bkts := c.importBuckets(a, "s3-a", "s3-b", "s3-c")

	var buckets struct {
		Data []bucket
		Meta cursorMeta
	}
	c.do(http.StatusOK, "GET", "/v1/buckets?limit=1&awsAccount="+a, nil).decode(t, &buckets)
	c.do(http.StatusOK, "DELETE", "/v1/buckets/"+bkts[0], nil)
	c.do(http.StatusOK, "GET", "/v1/buckets?limit=1&awsAccount="+a+"&cursor="+*buckets.Meta.NextCursor, nil).decode(t, &buckets)
	if len(buckets.Data) != 1 || buckets.Data[0].ID != bkts[2] {
		t.Fatalf("buckets page 2 after releasing page 1's: %+v, want %s (%s skipped)", buckets.Data, bkts[2], bkts[1])
	}

	var s3 struct {
		Data []s3Bucket
		Meta cursorMeta
	}
	path := "/v1/aws-accounts/" + a + "/s3-buckets?limit=1"
	c.do(http.StatusOK, "GET", path, nil).decode(t, &s3)
	c.srv.DeleteS3Bucket("111122223333", "s3-a")
	c.do(http.StatusOK, "GET", path+"&cursor="+*s3.Meta.NextCursor, nil).decode(t, &s3)
	if len(s3.Data) != 1 || s3.Data[0].Name != "s3-c" {
		t.Fatalf("S3 page 2 after deleting page 1's bucket: %+v, want s3-c (s3-b skipped)", s3.Data)
	}
}
