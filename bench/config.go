package main

import (
	"fmt"
	"strings"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// minListed is the smallest S3 listing behind the data source: more than one
// page, so every size exercises pagination.
const minListed = 150

// scenario is one benchmark size: N accounts, every even one with an assumable
// role, and N buckets spread round-robin over the accounts with roles.
type scenario struct {
	n int
}

// roles is how many accounts have a role: the even indices below N.
func (s scenario) roles() int { return (s.n + 1) / 2 }

// listed is B, the number of S3 buckets the data source lists.
func (s scenario) listed() int { return max(s.n, minListed) }

// owner is the account index that bucket j is imported through.
func (s scenario) owner(j int) int { return 2 * (j % s.roles()) }

// awsAccountID is a distinct 12-digit AWS account id per account index.
func awsAccountID(i int) string { return fmt.Sprintf("%012d", 100000000000+i) }

func roleARN(i int) string { return "arn:aws:iam::" + awsAccountID(i) + ":role/buckt" }

func bucketName(owner, j int) string { return fmt.Sprintf("bench-%d-%d", owner, j) }

// seed creates what the provider configuration expects to find on the AWS
// side: the roles, the buckets to import, and extra buckets in the first
// account so its listing holds B buckets.
func (s scenario) seed(e *emulator.Emulator) {
	for i := 0; i < s.n; i += 2 {
		e.PutRole(emulator.Role{ARN: roleARN(i)})
	}
	for j := range s.n {
		o := s.owner(j)
		e.PutS3Buckets(awsAccountID(o), bucketName(o, j))
	}
	for k := len(e.S3BucketNames(awsAccountID(0))); k < s.listed(); k++ {
		e.PutS3Buckets(awsAccountID(0), fmt.Sprintf("bench-extra-%d", k))
	}
}

// providerConfig writes every resource as its own block, as real repositories do.
func (s scenario) providerConfig() string {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    buckt = { source = \"buckt/buckt\" }\n  }\n}\n\nprovider \"buckt\" {}\n")
	for i := range s.n {
		fmt.Fprintf(&b, "\nresource \"buckt_aws_account\" \"acct_%d\" {\n  label = \"bench-%d\"\n", i, i)
		if i%2 == 0 {
			fmt.Fprintf(&b, "  role_arn = %q\n", roleARN(i))
		}
		b.WriteString("}\n")
	}
	for j := range s.n {
		o := s.owner(j)
		fmt.Fprintf(&b, "\nresource \"buckt_imported_bucket\" \"bucket_%d\" {\n  aws_account = buckt_aws_account.acct_%d.id\n  bucket_name = %q\n}\n",
			j, o, bucketName(o, j))
	}
	b.WriteString("\ndata \"buckt_aws_account_s3_buckets\" \"listed\" {\n  aws_account = buckt_aws_account.acct_0.id\n}\n")
	return b.String()
}

// baselineConfig has the provider configuration's shape with the builtin
// terraform_data, to separate Terraform's own cost from the provider's.
func (s scenario) baselineConfig() string {
	var b strings.Builder
	for i := range s.n {
		fmt.Fprintf(&b, "resource \"terraform_data\" \"acct_%d\" {\n  input = \"bench-%d\"\n}\n\n", i, i)
	}
	for j := range s.n {
		o := s.owner(j)
		fmt.Fprintf(&b, "resource \"terraform_data\" \"bucket_%d\" {\n  input = \"${terraform_data.acct_%d.id}/%s\"\n}\n\n", j, o, bucketName(o, j))
	}
	return b.String()
}
