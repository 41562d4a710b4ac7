package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

func TestAccAWSAccountDataSources(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	env.onlyOnEmulator("hold only the 231 connections of this test, whose listing it counts, and count its pages")
	// More connections than two pages hold, made outside Terraform.
	const outside = 230
	ctx := env.ctx()
	var bulkLabels []string
	for i := range outside {
		label := fmt.Sprintf("bulk-%03d", i)
		if _, err := env.client.ConnectAWSAccount(ctx, &label); err != nil {
			t.Fatal(err)
		}
		bulkLabels = append(bulkLabels, label)
	}
	sameAsResource := func(name string) statecheck.StateCheck {
		return statecheck.CompareValuePairs(accountAddr, tfjsonpath.New(name), "data.buckt_aws_account.one", tfjsonpath.New(name), compare.ValuesSame())
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "buckt_aws_account" "test" {
  label = "looked-up"
}
data "buckt_aws_account" "one" {
  id = buckt_aws_account.test.id
}
data "buckt_aws_accounts" "all" {
  depends_on = [buckt_aws_account.test]
}`),
			ConfigStateChecks: []statecheck.StateCheck{
				sameAsResource("id"), sameAsResource("label"), sameAsResource("external_id"), sameAsResource("status"),
				sameAsResource("created_at"), sameAsResource("updated_at"), sameAsResource("role_arn"),
				statecheck.ExpectKnownValue("data.buckt_aws_accounts.all", tfjsonpath.New("aws_accounts"), knownvalue.ListSizeExact(outside+1)),
				instancesOf("data.buckt_aws_accounts.all", func(_ any, values map[string]any) error {
					return eachLabelOnce(values["aws_accounts"], append(bulkLabels, "looked-up"))
				}),
				checkFunc(func() error {
					if n := env.requests(t, emulator.RouteListAWSAccounts); n != 3 {
						return fmt.Errorf("listing %d connections took %d requests, want 3 pages of 100", outside+1, n)
					}
					return nil
				}),
			},
		}},
	})
}

// eachLabelOnce checks that the connections of a buckt_aws_accounts data
// source's aws_accounts carry the labels want, each once, in whatever order
// the listing came: the contract does not say.
func eachLabelOnce(accounts any, want []string) error {
	list, _ := accounts.([]any)
	var got []string
	for _, a := range list {
		fields, _ := a.(map[string]any)
		label, _ := fields["label"].(string)
		got = append(got, label)
	}
	if slices.Sort(got); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		return fmt.Errorf("aws_accounts labelled %v, want each of %v once", got, want)
	}
	return nil
}

// TestAccAWSAccountDataSource_byAWSAccountID: the data source takes the 12-digit
// AWS account id too, as import does, and always exposes the awa_ id as id.
func TestAccAWSAccountDataSource_byAWSAccountID(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	number := awsAccountID(env.awsExclusive()) // looked up by it: the only connection to it
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: env.config(prodConnection(withRole(env.aws().roleARN())))},
			{
				Config: env.config(prodConnection(withRole(env.aws().roleARN())) + `data "buckt_aws_account" "by_number" {
  id = "` + number + `"
}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(prodAccountAddr, tfjsonpath.New("id"), "data.buckt_aws_account.by_number", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.buckt_aws_account.by_number", tfjsonpath.New("aws_account_id"), knownvalue.StringExact(number)),
					statecheck.ExpectKnownValue("data.buckt_aws_account.by_number", tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
			},
			{
				Config:      env.config(prodConnection(withRole(env.aws().roleARN())) + `data "buckt_aws_account" "none" { id = "444455556666" }`),
				ExpectError: wrapped(`(?i)no Buckt connection has AWS account id 444455556666`),
			},
		},
	})
}

// TestAccAWSAccountsDataSource_filters: buckt_aws_accounts takes the filters of
// the buckt_aws_account list resource, with the same rules.
func TestAccAWSAccountsDataSource_filters(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	number := awsAccountID(env.awsExclusive()) // filters by it: the only connection to it
	ids := func(address string, want ...string) statecheck.StateCheck {
		checks := make([]knownvalue.Check, len(want))
		for i, w := range want {
			checks[i] = knownvalue.StringExact(w)
		}
		return statecheck.ExpectKnownValue(address, tfjsonpath.New("aws_accounts"), knownvalue.ListExact(func() []knownvalue.Check {
			objects := make([]knownvalue.Check, len(checks))
			for i, c := range checks {
				objects[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"label": c})
			}
			return objects
		}()))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: env.config(`data "buckt_aws_accounts" "bad" {
  status = "broken"
}`),
				PlanOnly:    true,
				ExpectError: wrapped(`Attribute status value must be one of`),
			},
			{Config: env.config(prodConnection(withRole(env.aws().roleARN())) + `resource "buckt_aws_account" "test" {
  label = "tf-acc-filters-pending"
}`)},
			{
				Config: env.config(prodConnection(withRole(env.aws().roleARN())) + `resource "buckt_aws_account" "test" {
  label = "tf-acc-filters-pending"
}

data "buckt_aws_accounts" "pending" {
  status       = "pending"
  label_prefix = "tf-acc-filters-"
}

data "buckt_aws_accounts" "by_number" {
  aws_account_id = "` + number + `"
}

data "buckt_aws_accounts" "prefixed" {
  label_prefix = "tf-acc-filters-"
}`),
				ConfigStateChecks: []statecheck.StateCheck{
					ids("data.buckt_aws_accounts.pending", "tf-acc-filters-pending"),
					ids("data.buckt_aws_accounts.by_number", "tf-acc-prod"),
					ids("data.buckt_aws_accounts.prefixed", "tf-acc-filters-pending"),
				},
			},
		},
	})
}
