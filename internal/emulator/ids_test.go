package emulator

import (
	"net/http"
	"slices"
	"testing"
)

// TestOrderedIDs: by default ids sort by creation, even on a frozen clock, so
// every listing shows new records last.
func TestOrderedIDs(t *testing.T) {
	c := start(t, Options{Clock: newFakeClock()})
	var created []string
	for range 10 {
		created = append(created, c.connect(""))
	}
	if listed := c.listAccounts("100", "").ids; !slices.Equal(listed, created) {
		t.Fatalf("listed %v, want creation order %v", listed, created)
	}
}

// TestUnorderedIDs: new connections, buckets and S3 buckets land anywhere in
// their listings; ten in a row all coming last would happen once in 3.6 million.
func TestUnorderedIDs(t *testing.T) {
	c := start(t, Options{UnorderedIDs: true, Clock: newFakeClock()})
	var accounts []string
	for range 10 {
		accounts = append(accounts, c.connect(""))
	}
	if listed := c.listAccounts("100", "").ids; slices.Equal(listed, accounts) {
		t.Errorf("ten connections listed in creation order: %v", listed)
	}

	names := []string{"b-0", "b-1", "b-2", "b-3", "b-4", "b-5", "b-6", "b-7", "b-8", "b-9"}
	a := c.activeAccount("111122223333")
	var imported []string
	for _, name := range names {
		c.srv.PutS3Buckets("111122223333", name)
		imported = append(imported, c.importBuckets(a, name)[0])
	}
	var buckets struct{ Data []bucket }
	c.do(http.StatusOK, "GET", "/v1/buckets?limit=100&awsAccount="+a, nil).decode(t, &buckets)
	var listed []string
	for _, b := range buckets.Data {
		listed = append(listed, b.ID)
	}
	if slices.Equal(listed, imported) || len(listed) != len(imported) {
		t.Errorf("ten buckets listed %v, want all of %v, not in import order", listed, imported)
	}

	var s3 struct{ Data []s3Bucket }
	c.do(http.StatusOK, "GET", "/v1/aws-accounts/"+a+"/s3-buckets?limit=100", nil).decode(t, &s3)
	var s3Names []string
	for _, b := range s3.Data {
		s3Names = append(s3Names, b.Name)
	}
	if slices.Equal(s3Names, names) || !slices.Equal(slices.Sorted(slices.Values(s3Names)), names) {
		t.Errorf("ten S3 buckets listed %v, want all of %v, not in creation order", s3Names, names)
	}
	if got := c.srv.S3BucketNames("111122223333"); !slices.Equal(got, names) {
		t.Errorf("S3BucketNames %v, want creation order %v", got, names)
	}
}
