package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identities (Terraform >= 1.12, OpenTofu >= 1.12) are forever: once
// released an identity attribute can never be removed or renamed. Each of ours
// is therefore one attribute, the Buckt id, which one GET resolves however much
// the organisation holds. Natural keys (12-digit AWS account ids, bucket names)
// stay with string imports, which resolve them through listings.

// bucktIdentity describes the one identity attribute of a resource type: its
// name, the id it holds and the pattern that id follows.
type bucktIdentity struct {
	attribute   string
	description string
	pattern     *regexp.Regexp
	example     string
}

// Identities of the three resources.
var (
	awsAccountIdentity = bucktIdentity{
		attribute:   "id",
		description: "Buckt id of the AWS account connection, e.g. `awa_01H8XYZABCDEFGHJKMNPQRSTVW`.",
		pattern:     awaIDPattern, example: "awa_01H8XYZABCDEFGHJKMNPQRSTVW",
	}
	awsAccountRoleIdentity = bucktIdentity{
		attribute:   "aws_account",
		description: "Buckt id of the AWS account connection the role is attached to, e.g. `awa_01H8XYZABCDEFGHJKMNPQRSTVW`.",
		pattern:     awaIDPattern, example: "awa_01H8XYZABCDEFGHJKMNPQRSTVW",
	}
	importedBucketIdentity = bucktIdentity{
		attribute:   "id",
		description: "Buckt id of the imported bucket, e.g. `bkt_01H8XYZABCDEFGHJKMNPQRSTVW`.",
		pattern:     bktIDPattern, example: "bkt_01H8XYZABCDEFGHJKMNPQRSTVW",
	}
)

// bktIDPattern is the form of a Buckt bucket id.
var bktIDPattern = regexp.MustCompile(`^bkt_[0-9A-Za-z]+$`)

// schema is the identity schema: the one attribute, required for import.
func (i bucktIdentity) schema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			i.attribute: identityschema.StringAttribute{RequiredForImport: true, Description: i.description},
		},
	}
}

// set stores id as the identity. identity is nil where the framework has none
// to give (a resource without identity support), which needs nothing.
func (i bucktIdentity) set(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.SetAttribute(ctx, path.Root(i.attribute), types.StringValue(id))
}

// importKey is what an import names: the string of `terraform import` or of an
// import block's id (natural keys included, resolved by the caller), or the id
// in an import block's identity, which must be the Buckt id itself.
func (i bucktIdentity) importKey(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return strings.TrimSpace(req.ID)
	}
	var id types.String
	diags.Append(req.Identity.GetAttribute(ctx, path.Root(i.attribute), &id)...)
	if diags.HasError() {
		return ""
	}
	if !i.pattern.MatchString(id.ValueString()) {
		diags.AddAttributeError(path.Root(i.attribute), "Invalid import identity",
			fmt.Sprintf("identity.%s must be a Buckt id such as %s, got %q. An import block's id (not identity) also "+
				"takes what you may know instead: see this resource's import documentation.",
				i.attribute, i.example, id.ValueString()))
		return ""
	}
	return id.ValueString()
}
