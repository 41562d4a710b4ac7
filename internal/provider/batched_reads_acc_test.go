package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// A refresh of many connections is served from the list endpoint, and still
// sees every change made outside Terraform: none is read stale. (Only the
// emulator counts the requests that show it listed.)
func TestAccBatchedRefresh_listsAndSeesOutOfBandChanges(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	const n = 30
	config := env.config(fmt.Sprintf(`resource "buckt_aws_account" "a" {
  count = %d
  label = "tf-acc-fleet-${count.index}"
}
`, n))
	var changed, deleted captured
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					capture("buckt_aws_account.a[3]", "id", &changed),
					capture("buckt_aws_account.a[7]", "id", &deleted),
				},
			},
			{
				PreConfig: func() {
					ctx := env.ctx()
					if err := env.client.UpdateAWSAccount(ctx, changed.value, buckt.AWSAccountUpdate{Label: buckt.SetTo("tf-acc-renamed-by-hand")}); err != nil {
						t.Fatal(err)
					}
					if err := env.client.DisconnectAWSAccount(ctx, deleted.value); err != nil {
						t.Fatal(err)
					}
					env.resetStats()()
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("buckt_aws_account.a[3]", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("buckt_aws_account.a[7]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("buckt_aws_account.a[0]", plancheck.ResourceActionNoop),
				}},
			},
			{
				PreConfig: func() {
					if err := env.checkOnEmulator("count the requests of a refresh", func(*emulator.Server) error {
						gets, lists := env.requests(t, emulator.RouteGetAWSAccount), env.requests(t, emulator.RouteListAWSAccounts)
						if lists == 0 || gets >= n {
							return fmt.Errorf("refreshing %d connections took %d GETs and %d list pages: it did not use the listing", n, gets, lists)
						}
						return nil
					})(); err != nil {
						t.Error(err)
					}
				},
				Config: config,
			},
		},
	})
}
