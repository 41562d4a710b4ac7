// Package awsnames holds AWS's rules for the names and identifiers that users
// type into Buckt's configuration: partitions, account ids, the ARNs of IAM
// roles and principals, CloudFormation stacks and KMS keys, IAM role names
// and S3 bucket names. It knows nothing of Terraform or of Buckt; the
// provider's validators apply these rules and word the errors.
package awsnames

import (
	"regexp"
	"slices"
	"strings"
)

// Partitions are the AWS partitions an ARN may name; anything else can never
// be assumed, so it is refused at plan rather than retried for the whole
// validation window. Callers must not modify it.
var Partitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// IsPartition reports whether p is one of Partitions.
func IsPartition(p string) bool { return slices.Contains(Partitions, p) }

// arnPrefix matches "arn:<one of Partitions>:".
var arnPrefix = `^arn:(` + strings.Join(Partitions, "|") + `):`

// rolePathAndName is what follows "role/" in an IAM role ARN: a role name
// (1 to 64 of [\w+=,.@-]) after an optional path prefix of segments of the
// same characters, each followed by "/". The prefix is submatch 1. The one
// rule of RoleARN and IsRoleName, so role_arn attributes and the role_arn
// function agree.
const rolePathAndName = `((?:[\w+=,.@-]+/)*)[\w+=,.@-]{1,64}`

// The forms of the identifiers users type, each matching the whole string.
var (
	// AccountID is a 12-digit AWS account id.
	AccountID = regexp.MustCompile(`^[0-9]{12}$`)
	// RoleARN is an IAM role ARN whose role name (with its optional path)
	// is one IsRoleName accepts, but for the path's length.
	RoleARN = regexp.MustCompile(arnPrefix + `iam::[0-9]{12}:role/` + rolePathAndName + `$`)
	// StackARN is a CloudFormation stack ARN.
	StackARN = regexp.MustCompile(arnPrefix + `cloudformation:[a-z0-9-]+:[0-9]{12}:stack/.+$`)
	// KMSKeyARN is the ARN of a KMS key itself (not of an alias).
	KMSKeyARN = regexp.MustCompile(arnPrefix + `kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$`)
	// PrincipalARN is an IAM principal that a trust policy may name: a role, a
	// user or an account's root.
	PrincipalARN = regexp.MustCompile(arnPrefix + `iam::[0-9]{12}:(role|user|root)(/.+)?$`)
)

// Partition is the partition field of an ARN (arn:<partition>:...), so that
// resource ARNs are valid in China and GovCloud too; "aws" if arn has none.
func Partition(arn string) string {
	fields := strings.SplitN(arn, ":", 3)
	if len(fields) < 3 || fields[0] != "arn" || fields[1] == "" {
		return "aws"
	}
	return fields[1]
}
