package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Forms of the identifiers users type. Checked at plan time so that a typo fails
// before any API call, with the expected form in the message.
var (
	roleARNPattern      = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/.+$`)
	stackIDPattern      = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:cloudformation:[a-z0-9-]+:[0-9]{12}:stack/.+$`)
	awsAccountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	awaIDPattern        = regexp.MustCompile(`^awa_[0-9A-Za-z]+$`)
)

// maxLabelLength is the longest label the API accepts.
const maxLabelLength = 255

func roleARNValidator() validator.String {
	return stringvalidator.RegexMatches(roleARNPattern,
		"must be an IAM role ARN such as arn:aws:iam::111122223333:role/BucktAccess")
}

func stackIDValidator() validator.String {
	return stringvalidator.RegexMatches(stackIDPattern,
		"must be a CloudFormation stack ARN such as arn:aws:cloudformation:us-east-1:111122223333:stack/Buckt/0a1b2c3d")
}

func awaIDValidator() validator.String {
	return stringvalidator.RegexMatches(awaIDPattern,
		"must be a Buckt AWS account connection id such as awa_01H8XYZABCDEFGHJKMNPQRSTVW (the id of a buckt_aws_account)")
}

func labelValidator() validator.String {
	return stringvalidator.LengthBetween(1, maxLabelLength)
}
