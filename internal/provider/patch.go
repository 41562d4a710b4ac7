package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// setPatch fills field with the change from → to (a value, or null to clear)
// and reports whether there is one. An unknown "from" always counts as a change.
func setPatch(field *buckt.PatchString, from, to types.String) bool {
	if to.IsUnknown() || (!from.IsUnknown() && to.Equal(from)) {
		return false
	}
	if to.IsNull() {
		*field = buckt.Clear()
	} else {
		*field = buckt.SetTo(to.ValueString())
	}
	return true
}
