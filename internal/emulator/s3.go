package emulator

import (
	"cmp"
	"fmt"
	"slices"
)

// s3Bucket is a simulated S3 bucket and its S3BucketInfo JSON form.
type s3Bucket struct {
	Object       string `json:"object"`
	Name         string `json:"id"`
	CreationDate string `json:"creationDate"`
	seq          uint64 // its place in listings: creation order, or random with Options.UnorderedIDs
}

// PutS3Buckets makes S3 buckets exist in an AWS account (creationDate = now).
// Buckets that already exist are left as they are.
func (e *Emulator) PutS3Buckets(awsAccountID string, names ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := timestamp(e.now())
	for _, name := range names {
		if e.s3Bucket(awsAccountID, name) >= 0 {
			continue
		}
		e.s3Seq++
		seq := e.s3Seq
		if e.opts.UnorderedIDs {
			seq = randomUint64()
		}
		e.s3[awsAccountID] = append(e.s3[awsAccountID], s3Bucket{Object: "s3_bucket", Name: name, CreationDate: now, seq: seq})
	}
}

// DeleteS3Bucket deletes an S3 bucket from an AWS account; a missing one is a
// no-op. An imported bucket record for it stays, as it would in Buckt.
func (e *Emulator) DeleteS3Bucket(awsAccountID, name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if i := e.s3Bucket(awsAccountID, name); i >= 0 {
		e.s3[awsAccountID] = slices.Delete(e.s3[awsAccountID], i, i+1)
	}
}

// S3BucketNames lists the S3 buckets of an AWS account in creation order, so
// tests can check that releasing an imported bucket left the S3 bucket alone.
func (e *Emulator) S3BucketNames(awsAccountID string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	names := make([]string, len(e.s3[awsAccountID]))
	for i, b := range e.s3[awsAccountID] {
		names[i] = b.Name
	}
	return names
}

// s3Bucket returns the index of a bucket in its account's list, or -1; callers hold e.mu.
func (e *Emulator) s3Bucket(awsAccountID, name string) int {
	return slices.IndexFunc(e.s3[awsAccountID], func(b s3Bucket) bool { return b.Name == name })
}

func (e *Emulator) listS3Buckets(c call) (any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.activeAccount(c.id)
	if err != nil {
		return nil, err
	}
	listed := slices.SortedFunc(slices.Values(e.s3[awsAccountIDOf(a)]), func(x, y s3Bucket) int { return cmp.Compare(x.seq, y.seq) })
	return paginate(c.r.URL.Query(), e.opts.OffsetCursors, "s3_buckets:"+a.ID, listed,
		func(b s3Bucket) string { return fmt.Sprintf("%016x", b.seq) })
}

// awsAccountIDOf is the 12-digit AWS account of a Buckt account, "" before any
// successful validate.
func awsAccountIDOf(a *awsAccount) string {
	if a.AWSAccountID == nil {
		return ""
	}
	return *a.AWSAccountID
}
