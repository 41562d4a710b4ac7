package reads

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/buckt/terraform-provider-buckt/internal/awsnames"
	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// ConnectionID is the form of a connection's Buckt id.
var ConnectionID = regexp.MustCompile(`^awa_[0-9A-Za-z]+$`)

// ErrNotImported is ImportedBucketNamed's answer for a name that two walks of
// the connection's listing did not show.
var ErrNotImported = errors.New("no bucket of that name is imported through the connection")

// ResolveAWSAccount turns what users know of a connection (its awa_ id, or
// the 12-digit AWS account id of a validated one) into its Buckt id. A
// 12-digit id is looked up in the listing of connections, walked a second
// time before it answers that none has it. The errors name key, not the
// attribute or command it came from: the caller says that.
func (r *Reads) ResolveAWSAccount(ctx context.Context, key string) (string, error) {
	key = strings.TrimSpace(key)
	switch {
	case ConnectionID.MatchString(key):
		return key, nil
	case !awsnames.AccountID.MatchString(key):
		return "", fmt.Errorf("%q is neither a Buckt connection id (awa_01H8XYZABCDEFGHJKMNPQRSTVW) nor a "+
			"12-digit AWS account id (111122223333)", key)
	}
	accounts, err := r.accounts.all(ctx, "")
	if err == nil && !slices.ContainsFunc(accounts, hasAWSAccountID(key)) {
		accounts, err = r.accounts.again(ctx, "")
	}
	if err != nil {
		return "", fmt.Errorf("listing AWS account connections to find AWS account %s: %w", key, err)
	}
	var matches []string
	for _, a := range accounts {
		if hasAWSAccountID(key)(a) {
			matches = append(matches, a.ID)
		}
	}
	slices.Sort(matches) // the listing is kept by id: name several in a stable order
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("no Buckt connection has AWS account id %s (the list of connections was read twice). "+
			"Only a connection whose role was validated knows its AWS account id: name a pending one by its awa_ id "+
			"(see the Buckt dashboard)", key)
	case 1:
		return matches[0], nil
	}
	return "", fmt.Errorf("%d Buckt connections have AWS account id %s: %s. Name one of them by its awa_ id",
		len(matches), key, strings.Join(matches, ", "))
}

// hasAWSAccountID selects the connections whose role is in AWS account id.
func hasAWSAccountID(id string) func(buckt.AWSAccount) bool {
	return func(a buckt.AWSAccount) bool { return a.AWSAccountID != nil && *a.AWSAccountID == id }
}

// ImportedBucketNamed is the Buckt id of the bucket named name imported
// through connection awsAccount. A name its listing does not show is looked
// for in a second walk before the answer is ErrNotImported.
func (r *Reads) ImportedBucketNamed(ctx context.Context, awsAccount, name string) (string, error) {
	named := func(b buckt.Bucket) bool { return b.Name == name }
	buckets, err := r.buckets.all(ctx, awsAccount)
	if err == nil && !slices.ContainsFunc(buckets, named) {
		buckets, err = r.buckets.again(ctx, awsAccount)
	}
	if err != nil {
		return "", fmt.Errorf("listing the buckets imported through %s: %w", awsAccount, err)
	}
	if i := slices.IndexFunc(buckets, named); i >= 0 {
		return buckets[i].ID, nil
	}
	return "", ErrNotImported
}
