package provider

import (
	"context"
	"fmt"
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

// awsAccountReferenceValidator checks an attribute that references a connection
// by its awa_ id, and says which attribute was meant when someone passes the
// 12-digit AWS account id instead.
func awsAccountReferenceValidator() validator.String { return awsAccountReference{} }

type awsAccountReference struct{}

func (awsAccountReference) Description(context.Context) string {
	return "a Buckt AWS account connection id such as awa_01H8XYZABCDEFGHJKMNPQRSTVW"
}

func (v awsAccountReference) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (awsAccountReference) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	switch {
	case awaIDPattern.MatchString(value):
	case awsAccountIDPattern.MatchString(value):
		resp.Diagnostics.AddAttributeError(req.Path, "AWS account id given where a connection id is expected",
			fmt.Sprintf("Attribute %s: %q is a 12-digit AWS account id, but %s takes the Buckt connection id (awa_...), "+
				"e.g. buckt_aws_account.production.id rather than buckt_aws_account.production.aws_account_id.",
				req.Path, value, req.Path))
	default:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid AWS account connection id",
			fmt.Sprintf("Attribute %s must be a Buckt AWS account connection id such as awa_01H8XYZABCDEFGHJKMNPQRSTVW "+
				"(the id of a buckt_aws_account), got: %q", req.Path, value))
	}
}
