package provider

import "regexp"

// Addresses of the resources the test configurations declare.
const (
	accountAddr     = "buckt_aws_account.test"
	prodAccountAddr = "buckt_aws_account.prod"
	roleAddr        = "buckt_aws_account_role.prod"
	bucketAddr      = "buckt_imported_bucket.test"
)

// The emulator's simulated AWS: the test role's account, a second account,
// and a role in each.
const (
	awsAccount      = "111122223333"
	roleARN         = "arn:aws:iam::111122223333:role/BucktAccess"
	otherAWSAccount = "444455556666"
	otherRole       = "arn:aws:iam::444455556666:role/BucktAccessB"
	otherRoleARN    = "arn:aws:iam::444455556666:role/BucktAccess"
)

// The forms of values Buckt generates.
var (
	externalIDForm = regexp.MustCompile(`^ext_[0-9A-Za-z]+$`)
	timestampForm  = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
)
