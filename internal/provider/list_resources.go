package provider

import (
	"context"
	"iter"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// List resources serve the `list` blocks of `terraform query` (Terraform >=
// 1.14). Each embeds its resource, for the type name, the client Configure
// hands it and the resource's own mapper: a listed object is the state the
// resource's Read would write, filled from the listing itself with no GET per
// object.

// listedObject is one object a listing found, as its list result shows it.
type listedObject struct {
	id          string // the Buckt id, which the identity holds
	displayName string
	resource    any // the resource's state model, used with include_resource
}

// listQuery is what one list resource streams: the objects of an API listing,
// page by page in the API's order, that keep selects, each as describe says.
type listQuery[T any] struct {
	identity bucktIdentity
	// items follows every page lazily: a page is fetched only when the
	// previous one is used up, so stopping early saves the rest.
	items    iter.Seq2[T, error]
	keep     func(T) bool
	describe func(T) listedObject
	// summary and object name a failed page in the diagnostic; scope is the
	// filter that narrowed the API's listing (path.Empty() when none).
	summary, object string
	scope           path.Path
}

// stream sets the results: every kept object, until the listing ends or
// req.Limit results were pushed (no page is fetched after that). A query of T
// objects therefore costs at most ceil(T/100) pages, fewer under a limit.
func (l listQuery[T]) stream(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	stream.Results = func(push func(list.ListResult) bool) {
		var pushed int64
		for item, err := range l.items {
			if err != nil {
				var diags diag.Diagnostics
				addAPIErrorAt(&diags, l.scope, l.summary, l.object, err, "")
				push(list.ListResult{Diagnostics: diags})
				return
			}
			if !l.keep(item) {
				continue
			}
			if !push(l.result(ctx, req, l.describe(item))) {
				return
			}
			if pushed++; req.Limit > 0 && pushed >= req.Limit {
				return
			}
		}
	}
}

// result is the list result of one object: identity, display name and, when
// the query includes resources, the resource object.
func (l listQuery[T]) result(ctx context.Context, req list.ListRequest, object listedObject) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = object.displayName
	result.Diagnostics.Append(l.identity.set(ctx, result.Identity, object.id)...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, object.resource)...)
	}
	return result
}

// addAPIErrorAt is addAPIError's diagnostic on the attribute at (a filter of
// the list block), or on none when at is empty.
func addAPIErrorAt(diags *diag.Diagnostics, at path.Path, summary, object string, err error, hint string) {
	var added diag.Diagnostics
	addAPIError(&added, summary, object, err, hint)
	for _, d := range added {
		if !at.Equal(path.Empty()) {
			d = diag.WithPath(at, d)
		}
		diags.Append(d)
	}
}

// listConfig reads a list block's config into target, or streams its
// diagnostics and reports false.
func listConfig(ctx context.Context, req list.ListRequest, target any, stream *list.ListResultsStream) bool {
	diags := req.Config.Get(ctx, target)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return false
	}
	return true
}

// matches reports whether a string filter selects value: a filter that is not
// set selects everything.
func matches(filter types.String, value *string) bool {
	return filter.IsNull() || filter.IsUnknown() || value != nil && *value == filter.ValueString()
}

// hasPrefix reports whether value starts with the prefix filter; a null value
// matches only an empty or unset prefix.
func hasPrefix(filter types.String, value *string) bool {
	prefix := filter.ValueString()
	return prefix == "" || value != nil && strings.HasPrefix(*value, prefix)
}

// connectionDisplayName is how people recognise a connection: its label (its
// awa_ id when it has none), then the 12-digit AWS account id once Buckt knows
// it, e.g. `production (111122223333)`.
func connectionDisplayName(a buckt.AWSAccount) string {
	name := a.ID
	if a.Label != nil && *a.Label != "" {
		name = *a.Label
	}
	if a.AWSAccountID != nil && *a.AWSAccountID != "" {
		name += " (" + *a.AWSAccountID + ")"
	}
	return name
}

// awsAccountIDFilter is the `aws_account_id` filter of the connection lists.
func awsAccountIDFilter(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: descAWSAccountIDFilter(what),
		Optional:            true,
		Validators:          awsAccountIDFilterValidators(),
	}
}

// nullTimeouts is an absent timeouts block, typed as the resources declare it:
// a listed object leaves the Terraform-only settings at their defaults.
func nullTimeouts(ctx context.Context) timeouts.Value {
	typ, _ := validationTimeoutsBlock(ctx).Type().(timeouts.Type)
	return timeouts.Value{Object: types.ObjectNull(typ.AttrTypes)}
}
