package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// attachedConfig is a connection, its role attached by buckt_aws_account_role
// (the onboarding path), and body.
func attachedConfig(env *testEnv, forceDestroy string, body string) string {
	return env.config(prodConnection(labelled("tf-acc-detach")) + fmt.Sprintf(`resource "buckt_aws_account_role" "prod" {
  aws_account = buckt_aws_account.prod.id
  role_arn    = %q
  %s
}

%s`, env.aws().roleARN(), forceDestroy, body))
}

// TestAccAWSAccountRole_destroyDetachesNothingWhileBucketsRemain: a bucket
// imported outside Terraform stops the destroy at the attachment, before the
// role is detached, with an error naming the bucket and force_destroy; the
// connection keeps working, and force_destroy then finishes the destroy.
func TestAccAWSAccountRole_destroyDetachesNothingWhileBucketsRemain(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	bucket := env.aws().buckets(t, 1)[0]
	var accountID captured
	var bucketIDs []string
	connectionUnchanged := checkFunc(func() error {
		a, err := env.client.GetAWSAccount(env.ctx(), accountID.value)
		switch {
		case err != nil:
			return err
		case a.RoleARN == nil || *a.RoleARN != env.aws().roleARN() || a.Status != buckt.StatusActive:
			return fmt.Errorf("connection after the failed destroy: role %v, status %s; want %s, active", a.RoleARN, a.Status, env.aws().roleARN())
		}
		return expectBucketsOf(env, accountID.value, bucket)
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(s *terraform.State) error {
			return errors.Join(env.checkNothingLeft(s), expectReleased(env, bucketIDs))
		},
		Steps: []resource.TestStep{
			{
				Config: attachedConfig(env, "", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("force_destroy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(roleAddr, attr("status"), knownvalue.StringExact(buckt.StatusActive)),
					capture(prodAccountAddr, "id", &accountID),
				},
			},
			{
				PreConfig: func() {
					ids, err := env.client.ImportBuckets(env.ctx(), accountID.value, []string{bucket})
					if err != nil {
						t.Fatal(err)
					}
					bucketIDs = ids
				},
				Config:  attachedConfig(env, "", ""),
				Destroy: true,
				ExpectError: wrapped(`(?s)Cannot detach the IAM role: buckets are still imported through the connection.*` +
					bucket + `.*Nothing was detached.*force_destroy = true`),
			},
			{
				// Nothing was destroyed: the plan is empty and Buckt still
				// reaches the bucket through the role.
				Config: attachedConfig(env, "", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{connectionUnchanged},
			},
			{
				// Setting force_destroy changes only state; the destroy at the
				// end of the test then releases the bucket and detaches.
				Config: attachedConfig(env, "force_destroy = true", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					onlyChange(roleAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(roleAddr, attr("force_destroy"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{connectionUnchanged},
			},
		},
	})
}

// TestAccAWSAccountRole_destroyWaitsForBucketsReleasedBesideIt: buckets that
// reference the connection's id, not the attachment, are destroyed in
// parallel with the attachment. On the emulator their releases are slowed by
// two 503s each, so the attachment sees them still imported: it waits for
// them and the destroy succeeds in one run.
func TestAccAWSAccountRole_destroyWaitsForBucketsReleasedBesideIt(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	buckets, _ := json.Marshal(env.aws().buckets(t, 2)) // a JSON list of strings is an HCL one
	config := attachedConfig(env, "", fmt.Sprintf(`resource "buckt_imported_bucket" "beside" {
  for_each    = toset(%s)
  aws_account = buckt_aws_account.prod.id
  bucket_name = each.value
}`, buckets))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: attachedConfig(env, "", "")},
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{env.expectImportedBuckets(2)},
			},
			{
				PreConfig: env.doOnEmulator("slow down the releases of the buckets", func(emu *emulator.Server) {
					emu.AddFaultRule(emulator.FaultRule{Route: emulator.RouteReleaseBucket, Status: 503, Times: 4})
				}),
				Config:  config,
				Destroy: true,
			},
		},
	})
}

// expectBucketsOf checks that exactly the buckets names are imported through
// the connection id.
func expectBucketsOf(env *testEnv, id string, names ...string) error {
	buckets, err := env.client.ListBuckets(env.ctx(), id)
	if err != nil {
		return err
	}
	var got []string
	for _, b := range buckets {
		got = append(got, b.Name)
	}
	if fmt.Sprint(got) != fmt.Sprint(names) {
		return fmt.Errorf("buckets imported through %s: %v, want %v", id, got, names)
	}
	return nil
}

// expectReleased checks that the buckets ids are no longer imported.
func expectReleased(env *testEnv, ids []string) error {
	if len(ids) == 0 {
		return errors.New("no bucket was imported by hand")
	}
	for _, id := range ids {
		if _, err := env.client.GetBucket(env.ctx(), id); !buckt.IsNotFound(err) {
			return fmt.Errorf("bucket %s: still imported after destroy (%w)", id, err)
		}
	}
	return nil
}

// TestAwaitReleases covers the wait of the attachment's destroy on a fake
// clock: it ends once no bucket was released for releaseStall, waits longer
// while buckets are being released, and stops when the destroy is interrupted.
func TestAwaitReleases(t *testing.T) {
	one := []buckt.Bucket{{ID: "bkt_1", Name: "logs-eu"}}
	two := append([]buckt.Bucket{{ID: "bkt_2", Name: "logs-us"}}, one...)
	listing := func(answers ...[]buckt.Bucket) (func(context.Context) ([]buckt.Bucket, error), *int) {
		calls := 0
		return func(context.Context) ([]buckt.Bucket, error) {
			answer := answers[min(calls, len(answers)-1)]
			calls++
			return answer, nil
		}, &calls
	}
	t.Run("a bucket nobody releases", func(t *testing.T) {
		clk := newFakeClock()
		list, calls := listing(one)
		left, err := awaitReleases(context.Background(), clk, list, one)
		if err != nil || len(left) != 1 {
			t.Fatalf("got %v, %v; want logs-eu left", left, err)
		}
		if want := int(releaseStall / releasePoll); *calls != want {
			t.Errorf("listed %d times, want %d (one per %s for %s)", *calls, want, releasePoll, releaseStall)
		}
	})
	t.Run("buckets released by a parallel destroy", func(t *testing.T) {
		clk := newFakeClock()
		// One release after 18 s, the other 18 s later: each within the stall.
		answers := make([][]buckt.Bucket, 0, 18)
		for range 8 {
			answers = append(answers, two)
		}
		answers = append(answers, one)
		for range 8 {
			answers = append(answers, one)
		}
		answers = append(answers, nil)
		list, _ := listing(answers...)
		left, err := awaitReleases(context.Background(), clk, list, two)
		if err != nil || len(left) != 0 {
			t.Fatalf("got %v, %v; want every bucket released", left, err)
		}
		if waited := time.Duration(len(clk.Sleeps())) * releasePoll; waited != 36*time.Second {
			t.Errorf("waited %s, want 36s", waited)
		}
	})
	t.Run("interrupted", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		list, calls := listing(one)
		if _, err := awaitReleases(ctx, newFakeClock(), list, one); !errors.Is(err, context.Canceled) || *calls != 0 {
			t.Fatalf("got %v after %d listings, want context.Canceled at once", err, *calls)
		}
	})
}
