// Package provider implements the Buckt Terraform provider on
// terraform-plugin-framework.
package provider

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// Environment variables the provider falls back to.
const (
	envAPIKey               = "BUCKT_API_KEY" //nolint:gosec // the variable's name, not a credential
	envEndpoint             = "BUCKT_ENDPOINT"
	envMaxRequestsPerSecond = "BUCKT_MAX_REQUESTS_PER_SECOND"
)

const defaultMaxRetries = 5

var (
	_ provider.ProviderWithActions       = (*bucktProvider)(nil)
	_ provider.ProviderWithFunctions     = (*bucktProvider)(nil)
	_ provider.ProviderWithListResources = (*bucktProvider)(nil)
)

// bucktProvider is the provider `buckt`.
type bucktProvider struct {
	version string
}

type bucktProviderModel struct {
	APIKey               types.String  `tfsdk:"api_key"`
	Endpoint             types.String  `tfsdk:"endpoint"`
	MaxRetries           types.Int64   `tfsdk:"max_retries"`
	MaxRequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
}

// New returns a constructor of the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &bucktProvider{version: version} }
}

func (p *bucktProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "buckt"
	resp.Version = p.version
}

func (p *bucktProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Buckt provider connects AWS accounts to [Buckt](https://buckt.io) through a " +
			"cross-account IAM role and imports existing S3 buckets as Buckt-managed buckets.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "Buckt API key, sent as a Bearer token. Falls back to the `BUCKT_API_KEY` " +
					"environment variable; one of the two is required. Sensitive: never shown in plans or logs.",
				Optional:  true,
				Sensitive: true,
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Buckt API, e.g. `https://api.buckt.io` (the default), with or " +
					"without a trailing `/v1`. Falls back " +
					"to the `BUCKT_ENDPOINT` environment variable. Must be `https://`, except `http://` on a " +
					"loopback address such as `http://127.0.0.1:8787` for a local emulator.",
				Optional:   true,
				Validators: []validator.String{endpointValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a request that failed with a rate limit (HTTP 429), "+
					"a server error (HTTP 5xx) or a network error is retried, with exponential backoff. Default `%d`.",
					defaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "A ceiling on the requests per second this provider instance sends to Buckt, " +
					"retries included, e.g. `5` or `0.5`: for teams whose pipelines share one API key and its rate " +
					"limit. Must be greater than 0. Falls back to the `BUCKT_MAX_REQUESTS_PER_SECOND` environment " +
					"variable; by default there is no ceiling. Either way, when Buckt answers HTTP 429 every request " +
					"of the provider waits out the `Retry-After` the API asks for, then the rate drops and climbs " +
					"back gradually.",
				Optional:   true,
				Validators: []validator.Float64{positiveNumberValidator()},
			},
		},
	}
}

func (p *bucktProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg bucktProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.APIKey.IsUnknown() || cfg.Endpoint.IsUnknown() {
		resp.Diagnostics.AddError("Unknown Buckt provider configuration",
			"api_key and endpoint must be known when the provider is configured: set them from literals, "+
				"variables or the BUCKT_API_KEY / BUCKT_ENDPOINT environment variables, not from a resource "+
				"that is not created yet.")
		return
	}

	// White space around a key (a newline from a file or a shell) is never part
	// of it; a key of white space only is a mistake to name, not to send.
	// An api_key set in the configuration, even to "", is the key: an empty
	// variable must not silently pick up another key from the environment.
	rawKey, keySource := os.Getenv(envAPIKey), "the BUCKT_API_KEY environment variable"
	if !cfg.APIKey.IsNull() {
		rawKey, keySource = cfg.APIKey.ValueString(), "api_key in the provider \"buckt\" block"
	}
	apiKey := strings.TrimSpace(rawKey)
	switch {
	case cfg.APIKey.IsNull() && rawKey == "":
		resp.Diagnostics.AddError("Missing Buckt API key",
			"Set api_key in the provider \"buckt\" block or the BUCKT_API_KEY environment variable. "+
				"API keys are created in the Buckt dashboard under Settings → API keys.")
	case apiKey == "":
		resp.Diagnostics.AddError("Blank Buckt API key",
			fmt.Sprintf("The Buckt API key (%s) is empty or contains only white space. Set it to a key from the "+
				"Buckt dashboard (Settings → API keys); check that the variable it comes from is set, or leave "+
				"api_key out to use BUCKT_API_KEY.", keySource))
	}
	endpoint := stringOr(cfg.Endpoint, os.Getenv(envEndpoint))
	if endpoint == "" {
		endpoint = buckt.DefaultEndpoint
	}
	if problem := endpointProblem(endpoint); problem != "" {
		resp.Diagnostics.AddError("Invalid Buckt endpoint", fmt.Sprintf("endpoint %q: %s", endpoint, problem))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, apiKey)

	maxRetries := defaultMaxRetries
	if !cfg.MaxRetries.IsNull() {
		maxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	data, err := newProviderData(buckt.Config{
		Endpoint:             endpoint,
		APIKey:               apiKey,
		MaxRetries:           maxRetries,
		MaxRequestsPerSecond: maxRequestsPerSecond(cfg.MaxRequestsPerSecond, &resp.Diagnostics),
		UserAgent:            fmt.Sprintf("terraform-provider-buckt/%s (+https://registry.terraform.io/providers/buckt/buckt) Terraform/%s", p.version, req.TerraformVersion),
	})
	if err != nil {
		resp.Diagnostics.AddError("Invalid Buckt provider configuration", err.Error())
		return
	}
	tflog.Debug(ctx, "Configured Buckt client", map[string]any{"endpoint": endpoint, "max_retries": maxRetries})
	resp.ActionData = data
	resp.ListResourceData = data
	resp.ResourceData = data
	resp.DataSourceData = data
}

// Actions are the provider's actions, for Terraform 1.14+.
func (p *bucktProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		newValidateRoleAction,
	}
}

func (p *bucktProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newAWSAccountResource,
		newImportedBucketResource,
		newAWSAccountRoleResource,
	}
}

func (p *bucktProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newAWSAccountDataSource,
		newAWSAccountsDataSource,
		newAWSAccountS3BucketsDataSource,
		newImportedBucketsDataSource,
		newAWSIAMPolicyDataSource,
	}
}

// ListResources are the list resources of `terraform query` (Terraform 1.14+),
// one per resource type.
func (p *bucktProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		newAWSAccountList,
		newAWSAccountRoleList,
		newImportedBucketList,
	}
}

// Functions are the provider-defined functions, pure computations for
// Terraform 1.8+ and OpenTofu 1.7+.
func (p *bucktProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		newAssumeRolePolicyFunction,
		newPermissionsPolicyFunction,
		newRoleARNFunction,
	}
}

// stringOr is v's value, or fallback when v is null or empty.
func stringOr(v types.String, fallback string) string {
	if s := v.ValueString(); s != "" {
		return s
	}
	return fallback
}
