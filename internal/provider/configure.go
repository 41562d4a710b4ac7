package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// clientFromProviderData returns the client the provider's Configure built. It is
// nil before the provider is configured (e.g. during validation), which callers
// tolerate because no API call is made then.
func clientFromProviderData(data any, diags *diag.Diagnostics) *buckt.Client {
	if data == nil {
		return nil
	}
	client, ok := data.(*buckt.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *buckt.Client, got %T. This is a bug in the provider; please report it.", data))
	}
	return client
}

// resourceClient is embedded by every resource to receive the API client.
type resourceClient struct {
	client *buckt.Client
}

func (r *resourceClient) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

// dataSourceClient is embedded by every data source to receive the API client.
type dataSourceClient struct {
	client *buckt.Client
}

func (d *dataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}
