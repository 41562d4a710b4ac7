package emulator

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestImportBuckets(t *testing.T) {
	clock := newFakeClock()
	c := start(t, Options{Clock: clock})
	a := c.activeAccount("111122223333", "logs-a", "logs-b", "logs-c")
	other := c.activeAccount("444455556666", "data-x")
	importPath := "/v1/aws-accounts/" + a + "/import"

	ids := c.importBuckets(a, "logs-b", "logs-a")
	if len(ids) != 2 || !regexp.MustCompile(`^bkt_[0-9A-HJKMNP-TV-Z]{26}$`).MatchString(ids[0]) || ids[0] >= ids[1] {
		t.Fatalf("ids %v", ids)
	}
	var b bucket
	c.do(http.StatusOK, "GET", "/v1/buckets/"+ids[0], nil).decode(t, &b)
	if b != (bucket{"bucket", ids[0], "logs-b", "imported", a, "2026-04-25T12:00:00Z", "2026-04-25T12:00:00Z"}) {
		t.Fatalf("bucket %+v", b)
	}

	e := c.fails(422, "validation_error", "bucketNames", "POST", importPath, map[string][]string{"bucketNames": {"logs-c", "nope"}})
	if e.Message != `S3 bucket "nope" does not exist in AWS account 111122223333 or is not visible to the role` {
		t.Fatalf("message %q", e.Message)
	}
	e = c.fails(409, "conflict_error", "", "POST", importPath, map[string][]string{"bucketNames": {"logs-c", "logs-a"}})
	if e.Message != `S3 bucket "logs-a" is already imported as `+ids[1]+` (AWS account `+a+`)` {
		t.Fatalf("message %q", e.Message)
	}
	if n := c.srv.Stats().Buckets; n != 2 {
		t.Fatalf("a failed import imported something: %d buckets", n)
	}
	c.fails(422, "validation_error", "bucketNames", "POST", importPath, map[string][]string{"bucketNames": {"data-x"}})
	c.fails(400, "invalid_request_error", "bucketNames", "POST", importPath, map[string][]string{"bucketNames": {"logs-c", "logs-c"}})
	c.fails(400, "invalid_request_error", "bucketNames", "POST", importPath, `{"bucketNames":[]}`)
	c.fails(400, "invalid_request_error", "bucketNames", "POST", importPath, ``)
	c.fails(400, "invalid_request_error", "bucketNames", "POST", importPath, `{"bucketNames":"logs-c"}`)
	c.fails(404, "not_found_error", "", "POST", "/v1/aws-accounts/awa_missing/import", map[string][]string{"bucketNames": {"x"}})

	otherID := c.importBuckets(other, "data-x")[0]
	type page struct {
		Data []bucket
		Meta cursorMeta
	}
	var p page
	c.do(http.StatusOK, "GET", "/v1/buckets?limit=2", nil).decode(t, &p)
	if len(p.Data) != 2 || p.Meta.NextCursor == nil {
		t.Fatalf("page 1 %+v", p)
	}
	var p2 page
	c.do(http.StatusOK, "GET", "/v1/buckets?limit=2&cursor="+*p.Meta.NextCursor, nil).decode(t, &p2)
	if len(p2.Data) != 1 || p2.Data[0].ID != otherID || p2.Meta.NextCursor != nil {
		t.Fatalf("page 2 %+v", p2)
	}
	c.do(http.StatusOK, "GET", "/v1/buckets?awsAccount="+other, nil).decode(t, &p)
	if len(p.Data) != 1 || p.Data[0].Name != "data-x" {
		t.Fatalf("filtered %+v", p)
	}
	c.do(http.StatusOK, "GET", "/v1/buckets?awsAccount=awa_none", nil).decode(t, &p)
	if p.Data == nil || len(p.Data) != 0 {
		t.Fatalf("empty filter %+v", p)
	}
}

func TestListS3Buckets(t *testing.T) {
	c := start(t, Options{Clock: newFakeClock()})
	a := c.activeAccount("111122223333", "zeta", "alpha", "mid")
	c.srv.PutS3Buckets("111122223333", "alpha", "last")
	c.srv.DeleteS3Bucket("111122223333", "mid")
	c.srv.PutS3Buckets("999999999999", "elsewhere")

	var names []string
	query := "?limit=1"
	for {
		var p struct {
			Data []s3Bucket
			Meta cursorMeta
		}
		c.do(http.StatusOK, "GET", "/v1/aws-accounts/"+a+"/s3-buckets"+query, nil).decode(t, &p)
		for _, b := range p.Data {
			if b.Object != "s3_bucket" || b.CreationDate != "2026-04-25T12:00:00Z" {
				t.Fatalf("bucket %+v", b)
			}
			names = append(names, b.Name)
		}
		if p.Meta.NextCursor == nil {
			break
		}
		query = "?limit=1&cursor=" + *p.Meta.NextCursor
	}
	if !slices.Equal(names, []string{"zeta", "alpha", "last"}) {
		t.Fatalf("names %v", names)
	}
	c.fails(400, "invalid_request_error", "limit", "GET", "/v1/aws-accounts/"+a+"/s3-buckets?limit=500", nil)
}

func TestInactiveAccountCannotListOrImport(t *testing.T) {
	c := start(t, Options{})
	pending := c.connect("")
	e := c.fails(422, "validation_error", "", "GET", "/v1/aws-accounts/"+pending+"/s3-buckets", nil)
	if e.Message != "AWS account "+pending+" is pending: validate its role before listing or importing buckets" {
		t.Fatalf("message %q", e.Message)
	}
	c.fails(422, "validation_error", "", "POST", "/v1/aws-accounts/"+pending+"/import", map[string][]string{"bucketNames": {"x"}})

	active := c.activeAccount("111122223333", "x")
	if err := c.srv.SetAccountStatus(active, "failed"); err != nil {
		t.Fatal(err)
	}
	e = c.fails(422, "validation_error", "", "POST", "/v1/aws-accounts/"+active+"/import", map[string][]string{"bucketNames": {"x"}})
	if !strings.Contains(e.Message, "is failed") {
		t.Fatalf("message %q", e.Message)
	}
	if err := c.srv.SetAccountStatus(active, "bogus"); err == nil {
		t.Fatal("SetAccountStatus accepted a bogus status")
	}
	if err := c.srv.SetAccountStatus("awa_missing", "failed"); err == nil {
		t.Fatal("SetAccountStatus accepted an unknown account")
	}
}

func TestDisconnect(t *testing.T) {
	c := start(t, Options{})
	a := c.activeAccount("111122223333", "logs-a", "logs-b")
	ids := c.importBuckets(a, "logs-a", "logs-b")
	path := "/v1/aws-accounts/" + a

	e := c.fails(409, "conflict_error", "", "DELETE", path, nil)
	want := "AWS account " + a + " still has 2 imported buckets: logs-a (" + ids[0] + "), logs-b (" + ids[1] + "). Release them (DELETE /v1/buckets/{id}) before disconnecting."
	if e.Message != want {
		t.Fatalf("message %q\nwant    %q", e.Message, want)
	}
	var w writeResult
	c.do(http.StatusOK, "DELETE", "/v1/buckets/"+ids[0], nil).decode(t, &w)
	if w != (writeResult{"bucket", ids[0]}) {
		t.Fatalf("release %+v", w)
	}
	c.fails(404, "not_found_error", "", "GET", "/v1/buckets/"+ids[0], nil)
	c.fails(404, "not_found_error", "", "DELETE", "/v1/buckets/"+ids[0], nil)
	if e = c.fails(409, "conflict_error", "", "DELETE", path, nil); !strings.Contains(e.Message, "still has 1 imported bucket: logs-b") {
		t.Fatalf("message %q", e.Message)
	}
	c.do(http.StatusOK, "DELETE", "/v1/buckets/"+ids[1], nil)
	c.do(http.StatusOK, "DELETE", path, nil).decode(t, &w)
	if w != (writeResult{"aws_account", a}) {
		t.Fatalf("disconnect %+v", w)
	}
	c.fails(404, "not_found_error", "", "GET", path, nil)
	c.fails(404, "not_found_error", "", "DELETE", path, nil)

	// Releasing leaves the S3 bucket in place: a new connection can import it again.
	again := c.activeAccount("111122223333")
	c.importBuckets(again, "logs-a")
}
