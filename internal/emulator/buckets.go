package emulator

import (
	"maps"
	"slices"
)

// bucket is an imported Buckt bucket record and its JSON form.
type bucket struct {
	Object     string `json:"object"`
	ID         string `json:"id"`
	Name       string `json:"name"`
	Source     string `json:"source"`
	AWSAccount string `json:"awsAccount"`
	CreatedAt  string `json:"createdAt"`
	UpdatedAt  string `json:"updatedAt"`
}

// importBuckets imports all names or none: every name is checked before any
// record is created.
func (e *Emulator) importBuckets(c call) (any, error) {
	var in struct {
		BucketNames []string `json:"bucketNames"`
	}
	if err := decodeJSON(c.body, &in); err != nil {
		return nil, err
	}
	if len(in.BucketNames) == 0 {
		return nil, badRequest("bucketNames", "bucketNames is required and must list at least one bucket name")
	}
	for i, name := range in.BucketNames {
		if slices.Contains(in.BucketNames[:i], name) {
			return nil, badRequest("bucketNames", "bucketNames lists %q more than once", name)
		}
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.activeAccount(c.id)
	if err != nil {
		return nil, err
	}
	awsAccountID := awsAccountIDOf(a)
	for _, name := range in.BucketNames {
		if e.s3Bucket(awsAccountID, name) < 0 {
			return nil, validationError("bucketNames", "bucket_not_found",
				"S3 bucket %q does not exist in AWS account %s or is not visible to the role", name, awsAccountID)
		}
		if b := e.importedBucket(name); b != nil {
			return nil, conflict("bucket_already_imported",
				"S3 bucket %q is already imported as %s (AWS account %s)", name, b.ID, b.AWSAccount)
		}
	}
	now := e.now()
	out := make([]writeResult, len(in.BucketNames))
	for i, name := range in.BucketNames {
		b := &bucket{
			Object:     "bucket",
			ID:         e.ids.next("bkt_", now),
			Name:       name,
			Source:     "imported",
			AWSAccount: a.ID,
			CreatedAt:  timestamp(now),
			UpdatedAt:  timestamp(now),
		}
		e.buckets[b.ID] = b
		out[i] = writeResult{"bucket", b.ID}
	}
	return out, nil
}

func (e *Emulator) getBucket(c call) (any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	b, err := e.bucket(c.id)
	if err != nil {
		return nil, err
	}
	return *b, nil
}

func (e *Emulator) listBuckets(c call) (any, error) {
	q := c.r.URL.Query()
	e.mu.Lock()
	defer e.mu.Unlock()
	list := "buckets" // a connection's listing is its own: the cursors of one are refused by the other
	if q.Has("awsAccount") {
		list += "?awsAccount=" + q.Get("awsAccount")
	}
	var items []bucket
	for _, b := range e.sortedBuckets() {
		if !q.Has("awsAccount") || b.AWSAccount == q.Get("awsAccount") {
			items = append(items, *b)
		}
	}
	return paginate(q, e.opts.OffsetCursors, list, items, func(b bucket) string { return b.ID })
}

// releaseBucket deletes the Buckt record only; the S3 bucket stays.
func (e *Emulator) releaseBucket(c call) (any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	b, err := e.bucket(c.id)
	if err != nil {
		return nil, err
	}
	delete(e.buckets, b.ID)
	return writeResult{"bucket", b.ID}, nil
}

// bucket finds an imported bucket record; callers hold e.mu.
func (e *Emulator) bucket(id string) (*bucket, error) {
	b, ok := e.buckets[id]
	if !ok {
		return nil, notFound("No such bucket: %s", id)
	}
	return b, nil
}

// sortedBuckets returns the bucket records in the order of their ids, which
// is creation order unless Options.UnorderedIDs; callers hold e.mu.
func (e *Emulator) sortedBuckets() []*bucket {
	out := make([]*bucket, 0, len(e.buckets))
	for _, id := range slices.Sorted(maps.Keys(e.buckets)) {
		out = append(out, e.buckets[id])
	}
	return out
}

// importedBucket finds the record that imported an S3 bucket name, if any; callers hold e.mu.
func (e *Emulator) importedBucket(name string) *bucket {
	for _, b := range e.buckets {
		if b.Name == name {
			return b
		}
	}
	return nil
}

// bucketsOf lists an account's imported buckets in the order of their ids; callers hold e.mu.
func (e *Emulator) bucketsOf(accountID string) []*bucket {
	var out []*bucket
	for _, b := range e.sortedBuckets() {
		if b.AWSAccount == accountID {
			out = append(out, b)
		}
	}
	return out
}
