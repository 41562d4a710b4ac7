package provider

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/buckt/terraform-provider-buckt/internal/awsnames"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

// Forms of the Buckt identifiers users type (AWS's are in awsnames). Checked
// at plan time so that a typo fails before any API call, with the expected
// form in the message.
var (
	awaIDPattern      = reads.ConnectionID
	externalIDPattern = regexp.MustCompile(`^ext_[0-9A-Za-z]+$`)
)

// maxLabelLength is the longest label the API accepts, in characters.
const maxLabelLength = 255

func roleARNValidator() validator.String {
	return arnValidator{awsnames.RoleARN, "an IAM role ARN such as arn:aws:iam::111122223333:role/BucktAccess (a role " +
		"name is 1 to 64 letters, digits and +=,.@_-, after an optional path such as buckt/; no spaces)"}
}

func stackIDValidator() validator.String {
	return arnValidator{awsnames.StackARN, "a CloudFormation stack ARN such as arn:aws:cloudformation:us-east-1:111122223333:stack/Buckt/0a1b2c3d"}
}

// kmsKeyARNValidator checks a KMS key ARN; an alias ARN is refused, as S3
// names the key itself to IAM.
func kmsKeyARNValidator() validator.String {
	return arnValidator{awsnames.KMSKeyARN, "a KMS key ARN such as " +
		"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab (not an alias)"}
}

func principalARNValidator() validator.String {
	return arnValidator{awsnames.PrincipalARN, "an IAM principal ARN such as arn:aws:iam::999988887777:role/BucktService"}
}

// externalIDValidator checks an external_id input, of the buckt_aws_iam_policy
// data source and of the assume_role_policy function alike.
func externalIDValidator() validator.String {
	return stringvalidator.RegexMatches(externalIDPattern, "must be the external_id of a buckt_aws_account, such as ext_aBcD1234")
}

// labelValidator counts characters, as the API does, not bytes.
func labelValidator() validator.String {
	return stringvalidator.UTF8LengthBetween(1, maxLabelLength)
}

// arnValidator checks an ARN against pattern, and names the partition when
// that is what is wrong (arn:awsx:..., arn:aws-moon:...).
type arnValidator struct {
	pattern *regexp.Regexp
	form    string
}

func (v arnValidator) Description(context.Context) string {
	return fmt.Sprintf("%s, in partition %s", v.form, strings.Join(awsnames.Partitions, ", "))
}

func (v arnValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v arnValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if fields := strings.SplitN(value, ":", 3); len(fields) == 3 && fields[0] == "arn" && !awsnames.IsPartition(fields[1]) {
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown AWS partition",
			fmt.Sprintf("Attribute %s: %q is not an AWS partition; expected one of %s (got: %q).",
				req.Path, fields[1], strings.Join(awsnames.Partitions, ", "), value))
		return
	}
	if !v.pattern.MatchString(value) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid ARN",
			fmt.Sprintf("Attribute %s must be %s, got: %q", req.Path, v.form, value))
	}
}

// connectionKeyPattern is either form users know a connection by.
var connectionKeyPattern = regexp.MustCompile(awaIDPattern.String() + "|" + awsnames.AccountID.String())

// connectionKeyValidator accepts a connection's awa_ id or the 12-digit AWS
// account id of a validated connection.
func connectionKeyValidator() validator.String {
	return stringvalidator.RegexMatches(connectionKeyPattern, "must be a Buckt AWS account connection id such as "+
		"awa_01H8XYZABCDEFGHJKMNPQRSTVW or a 12-digit AWS account id such as 111122223333")
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
	case awsnames.AccountID.MatchString(value):
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

// positiveNumberValidator accepts a number greater than 0, e.g. a rate.
func positiveNumberValidator() validator.Float64 { return positiveNumber{} }

type positiveNumber struct{}

func (positiveNumber) Description(context.Context) string {
	return "a number greater than 0, such as 5 or 0.5"
}

func (v positiveNumber) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v positiveNumber) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if value := req.ConfigValue.ValueFloat64(); !(value > 0) || math.IsInf(value, 0) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid number",
			fmt.Sprintf("Attribute %s must be %s, got: %v", req.Path, v.Description(ctx), value))
	}
}

// partitionValidator accepts the AWS partitions an ARN may name.
func partitionValidator() validator.String { return stringvalidator.OneOf(awsnames.Partitions...) }

// s3BucketNameValidator refuses at plan only what can never be an S3 bucket
// name. A name that breaks today's rules may be a legacy bucket that Buckt lists
// and imports, so it passes; if no such bucket exists, the import's error says
// which rule the name breaks.
func s3BucketNameValidator() validator.String { return s3BucketNameCheck{} }

type s3BucketNameCheck struct{}

// s3BucketPatternValidator accepts what a permissions policy may name: an S3
// bucket name as s3BucketNameValidator does, or a pattern of one with the
// wildcards * and ?, such as "logs-*", which IAM matches against bucket names.
func s3BucketPatternValidator() validator.String { return s3BucketPatternCheck{} }

type s3BucketPatternCheck struct{}

func (s3BucketPatternCheck) Description(ctx context.Context) string {
	return s3BucketNameCheck{}.Description(ctx) + "; or a pattern of such a name with the wildcards * and ?, " +
		"such as logs-*"
}

func (v s3BucketPatternCheck) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v s3BucketPatternCheck) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	value := req.ConfigValue.ValueString()
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || !strings.ContainsAny(value, "*?") {
		s3BucketNameCheck{}.ValidateString(ctx, req, resp)
		return
	}
	if !awsnames.IsS3BucketPattern(value) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid S3 bucket name pattern",
			fmt.Sprintf("Attribute %s: %q is not a pattern of S3 bucket names: expected letters, digits, dots, hyphens "+
				"and underscores with the wildcards * and ?, such as logs-* (up to 255 characters)", req.Path, value))
	}
}

func (s3BucketNameCheck) Description(context.Context) string {
	return "an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, or a legacy name of up to 255 letters, " +
		"digits, dots, hyphens and underscores"
}

func (v s3BucketNameCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (s3BucketNameCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	name := req.ConfigValue.ValueString()
	if !awsnames.LegacyS3BucketName.MatchString(name) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid S3 bucket name",
			fmt.Sprintf("Attribute %s: %q can never be an S3 bucket name: bucket names are 3 to 63 lowercase letters, "+
				"digits, dots (.) and hyphens (-); buckets created in us-east-1 before March 2018 may also have "+
				"uppercase letters and underscores (_), up to 255 characters.", req.Path, name))
	}
}
