package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// testProviders serves the provider in-process to the real Terraform CLI.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"buckt": providerserver.NewProtocol6WithError(New("test")()),
}

// TestMain makes the acceptance tests serve the provider at its real address,
// buckt/buckt, so that configurations (and the examples) declare it exactly as
// users do. That address means registry.terraform.io/buckt/buckt to Terraform
// and registry.opentofu.org/buckt/buckt to OpenTofu: the in-process provider is
// served under the host of the CLI at TF_ACC_TERRAFORM_PATH.
func TestMain(m *testing.M) {
	if err := os.Setenv(resource.EnvTfAccProviderNamespace, "buckt"); err != nil {
		panic(err)
	}
	if os.Getenv(resource.EnvTfAccProviderHost) == "" && cliIsOpenTofu(os.Getenv("TF_ACC_TERRAFORM_PATH")) {
		if err := os.Setenv(resource.EnvTfAccProviderHost, openTofuRegistryHost); err != nil {
			panic(err)
		}
	}
	resource.TestMain(m) // runs the sweepers instead of the tests with -sweep
}

// providerSource declares the provider's address, as every configuration must.
const providerSource = `terraform {
  required_providers {
    buckt = {
      source = "buckt/buckt"
    }
  }
}

`

// testAPIKey is the emulator's key in tests; it is asserted never to leak.
const testAPIKey = "test-key-d0n0tl3ak"

// testEnv is the Buckt one acceptance test runs against: an in-process emulator
// on 127.0.0.1, or a real Buckt when BUCKT_ENDPOINT and BUCKT_API_KEY are set
// (steps that need the emulator's simulated AWS side then skip themselves).
type testEnv struct {
	t        *testing.T
	endpoint string
	apiKey   string
	emu      *emulator.Server
	client   *buckt.Client
	// acc holds the AWS fixtures once the test took them (see aws).
	acc awsFixtures
}

// newTestEnv starts the test's Buckt. opts tune the emulator (IAM delay, faults).
func newTestEnv(t *testing.T, opts emulator.Options) *testEnv {
	t.Helper()
	env := &testEnv{t: t, endpoint: os.Getenv("BUCKT_ENDPOINT"), apiKey: os.Getenv("BUCKT_API_KEY")}
	if env.endpoint == "" || env.apiKey == "" {
		opts.APIKey = testAPIKey
		opts.RewordErrors = os.Getenv("BUCKT_EMULATOR_REWORD") != "" // errors in other words: no test may match the emulator's
		emu, err := emulator.Start(opts)
		if err != nil {
			t.Fatalf("starting the emulator: %v", err)
		}
		t.Cleanup(func() { _ = emu.Close() })
		env.emu, env.endpoint, env.apiKey = emu, emu.URL(), testAPIKey
	}
	client, err := buckt.New(buckt.Config{Endpoint: env.endpoint, APIKey: env.apiKey, MaxRetries: 3})
	if err != nil {
		t.Fatal(err)
	}
	env.client = client
	return env
}

// config prefixes a test configuration with the provider block for this env.
func (e *testEnv) config(body string) string { return e.configWithProvider("", body) }

// configWithProvider is config with more provider arguments, e.g. max_retries.
func (e *testEnv) configWithProvider(providerArgs, body string) string {
	return providerSource + fmt.Sprintf("provider \"buckt\" {\n  endpoint = %q\n  api_key  = %q\n%s}\n\n%s",
		e.endpoint, e.apiKey, providerArgs, body)
}

// accountCount is how many connections exist in the emulator.
func (e *testEnv) accountCount() int { return e.onlyOnEmulator("count connections").Stats().Accounts }

// ctx is a context for direct API calls from tests.
func (e *testEnv) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	e.t.Cleanup(cancel)
	return ctx
}

// captured is a value read from state by capture, for later steps' PreConfig.
type captured struct{ value string }

// capture is a state check that stores attribute attr of resource address.
func capture(address, attr string, into *captured) statecheck.StateCheck {
	return captureCheck{address, attr, into}
}

type captureCheck struct {
	address, attr string
	into          *captured
}

func (c captureCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.address {
			v, ok := r.AttributeValues[c.attr].(string)
			if !ok {
				resp.Error = fmt.Errorf("%s.%s is %v, not a string", c.address, c.attr, r.AttributeValues[c.attr])
				return
			}
			c.into.value = v
			return
		}
	}
	resp.Error = fmt.Errorf("%s not in state", c.address)
}

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

// checkFunc is a state check that runs fn, for assertions on the emulator
// (request counts, records) made right after a step's apply.
func checkFunc(fn func() error) statecheck.StateCheck { return funcCheck(fn) }

type funcCheck func() error

func (f funcCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// checkPlan is a plan check that runs fn, for assertions on the emulator
// (request counts) made right after a plan.
func checkPlan(fn func() error) plancheck.PlanCheck { return planFuncCheck(fn) }

type planFuncCheck func() error

func (f planFuncCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

// wrapped compiles an expected error message in which every space also matches
// the line breaks Terraform inserts when it wraps long diagnostics.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// instancesOf is a state check over every instance of a for_each resource,
// which statecheck's addresses cannot name: fn gets each instance's key and values.
func instancesOf(address string, fn func(key any, values map[string]any) error) statecheck.StateCheck {
	return instancesCheck{address, fn}
}

type instancesCheck struct {
	address string
	fn      func(key any, values map[string]any) error
}

func (c instancesCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Type+"."+r.Name == c.address {
			if err := c.fn(r.Index, r.AttributeValues); err != nil {
				resp.Error = fmt.Errorf("%s[%v]: %w", c.address, r.Index, err)
				return
			}
		}
	}
}

// terraformState is the legacy state ImportStateIdFunc and CheckDestroy receive.
type terraformState = terraform.State

// patchRole is the PATCH that attaches arn, for out-of-band changes in tests.
func patchRole(arn string) buckt.AWSAccountUpdate {
	return buckt.AWSAccountUpdate{RoleARN: buckt.SetTo(arn)}
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
							if n := emu.Stats().Requests["GET /v1/aws-accounts"]; n == 0 {
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
