package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

var (
	awaIDForm = regexp.MustCompile(`^awa_[0-9A-Za-z]+$`)
	bktIDForm = regexp.MustCompile(`^bkt_[0-9A-Za-z]+$`)
)

// expectIdentities checks the identity of each of the three resources of
// onboardingWithBucket: its Buckt id, equal to the attribute it mirrors.
func expectIdentities(bucket string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectIdentity(prodAccountAddr, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(awaIDForm)}),
		statecheck.ExpectIdentityValueMatchesState(prodAccountAddr, attr("id")),
		statecheck.ExpectIdentity(roleAddr, map[string]knownvalue.Check{"aws_account": knownvalue.StringRegexp(awaIDForm)}),
		statecheck.ExpectIdentityValueMatchesState(roleAddr, attr("aws_account")),
		statecheck.ExpectIdentity(bucket, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(bktIDForm)}),
		statecheck.ExpectIdentityValueMatchesState(bucket, attr("id")),
	}
}

// onboardingWithBucket is a connection, its role attached by
// buckt_aws_account_role.prod, and bucket imported as buckt_imported_bucket.test,
// followed by extra (import blocks).
func onboardingWithBucket(env *testEnv, bucket, extra string) string {
	return env.config(fmt.Sprintf(`resource "buckt_aws_account" "prod" {
  label = "tf-acc-identity"
}

resource "buckt_aws_account_role" "prod" {
  aws_account = buckt_aws_account.prod.id
  role_arn    = %q
}

resource "buckt_imported_bucket" "test" {
  aws_account = buckt_aws_account_role.prod.aws_account
  bucket_name = %q
}
%s`, env.aws().roleARN(), bucket, extra))
}

func TestAccIdentity_everyResourceHasOneAndImportsByIt(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	bucket := env.aws().buckets(t, 1)[0]
	importByIdentity := func(address string) resource.TestStep {
		return resource.TestStep{ResourceName: address, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   identityCLIs,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            onboardingWithBucket(env, bucket, ""),
				ConfigStateChecks: expectIdentities(bucketAddr),
			},
			// Each plans a no-op import whose identity equals the one in state.
			importByIdentity(prodAccountAddr),
			importByIdentity(roleAddr),
			importByIdentity(bucketAddr),
		},
	})
}

// TestAccIdentity_importBlocksAdoptWhatWasMadeByHand adopts a connection, its
// role and a bucket made outside Terraform with import blocks: the role by
// identity, the connection by its 12-digit AWS account id and the bucket by
// <12-digit id>/<name>, natural keys that must set the identity too. The
// next plan is empty.
func TestAccIdentity_importBlocksAdoptWhatWasMadeByHand(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.awsExclusive() // resolves the connection by its 12-digit id
	bucket := aws.buckets(t, 1)[0]
	accountID, bucketID := env.onboardByHand(aws.roleARN(), "tf-acc-identity", bucket)
	config := onboardingWithBucket(env, bucket, fmt.Sprintf(`
import {
  to = buckt_aws_account.prod
  id = %[1]q
}

import {
  to = buckt_aws_account_role.prod
  identity = {
    aws_account = %[2]q
  }
}

import {
  to = buckt_imported_bucket.test
  id = "%[1]s/%[3]s"
}
`, awsAccountID(aws), accountID, bucket))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   identityCLIs,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// Label, role and bucket are as made by hand: adopting changes nothing.
					plancheck.ExpectResourceAction(prodAccountAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(bucketAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: append(expectIdentities(bucketAddr),
					statecheck.ExpectIdentity(prodAccountAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact(accountID)}),
					statecheck.ExpectIdentity(bucketAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact(bucketID)}),
				),
			},
			{Config: config, PlanOnly: true},
		},
	})
}

func TestAccIdentity_importByAnotherFormSaysWhatItTakes(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   identityCLIs,
		Steps: []resource.TestStep{{
			Config: env.config(`resource "buckt_aws_account" "prod" {}

import {
  to = buckt_aws_account.prod
  identity = {
    id = "111122223333"
  }
}
`),
			// The provider's own words: the attribute, the form it takes, and
			// where the 12-digit id goes instead.
			ExpectError: regexp.MustCompile(`identity\.id must be a Buckt id such as\s+awa_\S+, got\s+"111122223333"[\s\S]*import block's id`),
		}},
	})
}

// onboardByHand makes, through the API as a person would, a connection
// labelled label with roleARN attached and validated, and imports bucket
// through it. It returns the connection's and the bucket's Buckt ids.
func (e *testEnv) onboardByHand(roleARN, label, bucket string) (accountID, bucketID string) {
	e.t.Helper()
	ctx := e.ctx()
	accountID, err := e.client.ConnectAWSAccount(ctx, &label)
	if err == nil {
		err = e.client.UpdateAWSAccount(ctx, accountID, patchRole(roleARN))
	}
	if err == nil {
		err = e.client.ValidateAWSAccount(ctx, accountID)
	}
	var ids []string
	if err == nil {
		ids, err = e.client.ImportBuckets(ctx, accountID, []string{bucket})
	}
	if err != nil {
		e.t.Fatalf("onboarding %s by hand: %v", roleARN, err)
	}
	return accountID, ids[0]
}
