package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/clock"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

// providerData is what the provider's Configure hands every resource and data
// source: the API client, and the read layer of this Terraform operation
// (package reads: finders, paged reads, batched imports).
type providerData struct {
	client *buckt.Client
	reads  *reads.Reads
}

// newProviderData builds the client with its read layer, which every write
// resets.
func newProviderData(cfg buckt.Config) (*providerData, error) {
	data := &providerData{}
	cfg.AfterWrite = func() { data.reads.Wrote() }
	client, err := buckt.New(cfg)
	if err != nil {
		return nil, err
	}
	data.client, data.reads = client, reads.New(client, clock.Real{})
	return data, nil
}

// fromProviderData returns what the provider's Configure built. It is empty
// before the provider is configured (e.g. during validation), which callers
// tolerate because no API call is made then.
func fromProviderData(data any, diags *diag.Diagnostics) providerData {
	if data == nil {
		return providerData{}
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return providerData{}
	}
	return *pd
}

// resourceClient is embedded by every resource to receive the API client.
type resourceClient struct {
	providerData
}

func (r *resourceClient) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.providerData = fromProviderData(req.ProviderData, &resp.Diagnostics)
}

// actionClient is embedded by every action to receive the API client.
type actionClient struct {
	providerData
}

func (a *actionClient) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.providerData = fromProviderData(req.ProviderData, &resp.Diagnostics)
}

// dataSourceClient is embedded by every data source to receive the API client.
type dataSourceClient struct {
	providerData
}

func (d *dataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.providerData = fromProviderData(req.ProviderData, &resp.Diagnostics)
}
