package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

func TestProviderRequiresAnAPIKey(t *testing.T) {
	t.Setenv(envAPIKey, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      providerSource + `data "buckt_aws_accounts" "all" {}`,
			ExpectError: regexp.MustCompile(`Missing Buckt API key[\s\S]*BUCKT_API_KEY`),
		}},
	})
}

func TestProviderRejectsPlainHTTPOffLoopback(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerSource + `provider "buckt" {
  endpoint = "http://api.example.com"
  api_key  = "k"
}
data "buckt_aws_accounts" "all" {}`,
			ExpectError: regexp.MustCompile(`plain http is allowed only on a loopback\s+address`),
		}},
	})
}

func TestProviderReadsKeyAndEndpointFromEnvironment(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	t.Setenv(envAPIKey, env.apiKey)
	t.Setenv(envEndpoint, env.endpoint)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerSource + `data "buckt_aws_accounts" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.buckt_aws_accounts.all", tfjsonpath.New("aws_accounts"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

// TestProviderForgivesAnEndpointEndingInV1: the client adds /v1 itself, so a
// base URL copied with it must not turn every request into a 404.
func TestProviderForgivesAnEndpointEndingInV1(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	emu := env.onlyOnEmulator("count the requests that reached /v1")
	for _, suffix := range []string{"/v1", "/v1/", "/"} {
		t.Run(suffix, func(t *testing.T) {
			emu.ResetStats()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: providerSource + fmt.Sprintf("provider \"buckt\" {\n  endpoint = %q\n  api_key  = %q\n}\n\n%s",
						env.endpoint+suffix, env.apiKey, `data "buckt_aws_accounts" "all" {}`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.buckt_aws_accounts.all", tfjsonpath.New("aws_accounts"), knownvalue.ListSizeExact(0)),
						checkFunc(func() error {
							if n := env.requests(t, emulator.RouteListAWSAccounts); n == 0 {
								return fmt.Errorf("no request reached GET /v1/aws-accounts: %v", emu.Stats().Requests)
							}
							return nil
						}),
					},
				}},
			})
		})
	}
}

// TestProviderRejectsABlankAPIKey: a key of spaces (an unset variable's
// quoting, a stray newline) fails at configure, before any request, and names
// the setting; surrounding white space around a real key is dropped.
func TestProviderRejectsABlankAPIKey(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	emu := env.onlyOnEmulator("prove no request reached the API")
	t.Setenv(envAPIKey, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerSource + fmt.Sprintf("provider \"buckt\" {\n  endpoint = %q\n  api_key  = \"  \\n\"\n}\n\n%s",
					env.endpoint, `data "buckt_aws_accounts" "all" {}`),
				ExpectError: wrapped(`(?s)Blank Buckt API key.*api_key`),
			},
			{
				PreConfig: func() {
					if n := len(emu.Stats().Requests); n != 0 {
						t.Fatalf("a blank key reached the API: %v", emu.Stats().Requests)
					}
				},
				Config: providerSource + fmt.Sprintf("provider \"buckt\" {\n  endpoint = %q\n  api_key  = %q\n}\n\n%s",
					env.endpoint, " "+env.apiKey+"\n", `data "buckt_aws_accounts" "all" {}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.buckt_aws_accounts.all", tfjsonpath.New("aws_accounts"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}
