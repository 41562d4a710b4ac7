package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/awsnames"
	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// connectionFilters select connections by what people know of them. The
// buckt_aws_account list block and the buckt_aws_accounts data source take
// the same three, with the same rules; each schema declares them with these
// descriptions and validators.
type connectionFilters struct {
	Status       types.String `tfsdk:"status"`
	LabelPrefix  types.String `tfsdk:"label_prefix"`
	AWSAccountID types.String `tfsdk:"aws_account_id"`
}

// keeps reports whether the filters select connection a; unset ones select all.
func (f connectionFilters) keeps(a buckt.AWSAccount) bool {
	return matches(f.Status, &a.Status) && hasPrefix(f.LabelPrefix, a.Label) && matches(f.AWSAccountID, a.AWSAccountID)
}

// Descriptions of the connection filters.
const (
	descStatusFilter      = "Keep only connections in this status: `pending`, `active` or `failed`."
	descLabelPrefixFilter = "Keep only connections whose label starts with this, e.g. `prod-`. A connection " +
		"without a label is left out unless this is empty."
)

// descAWSAccountIDFilter describes the aws_account_id filter of a listing of what.
func descAWSAccountIDFilter(what string) string {
	return "Keep only " + what + " whose role is in this 12-digit AWS account, e.g. `111122223333`. Buckt learns " +
		"a connection's AWS account id when its role is first validated: a connection never validated has none " +
		"and is left out."
}

// statusFilterValidators accept a connection status.
func statusFilterValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(buckt.StatusPending, buckt.StatusActive, buckt.StatusFailed)}
}

// awsAccountIDFilterValidators accept a 12-digit AWS account id.
func awsAccountIDFilterValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(awsnames.AccountID,
		"must be a 12-digit AWS account id such as 111122223333 (not a Buckt awa_ id)")}
}
