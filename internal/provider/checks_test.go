package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// checkNothingLeft is a CheckDestroy proving destroy removed what the test
// created, through the API as a user would see it, so it works against a real
// Buckt too: every connection of the last state is gone (404), every
// attachment detached (its connection gone or without a role), every imported
// bucket released (404). The emulator also proves it holds no record at all,
// so nothing was created outside state.
func (e *testEnv) checkNothingLeft(s *terraform.State) error {
	var errs []error
	if s != nil && s.RootModule() != nil {
		for address, r := range s.RootModule().Resources {
			if r.Primary == nil {
				continue
			}
			if err := e.checkDestroyed(r.Type, r.Primary.ID, r.Primary.Attributes); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", address, err))
			}
		}
	}
	if e.emu != nil {
		if stats := e.emu.Stats(); stats.Accounts != 0 || stats.Buckets != 0 {
			errs = append(errs, fmt.Errorf("after destroy the emulator still holds %d accounts and %d buckets", stats.Accounts, stats.Buckets))
		}
	}
	return errors.Join(errs...)
}

// checkDestroyed asks the API whether the object a resource of resourceType
// managed is gone.
func (e *testEnv) checkDestroyed(resourceType, id string, attributes map[string]string) error {
	switch resourceType {
	case "buckt_aws_account":
		return expectNotFound(e.client.GetAWSAccount(e.ctx(), id))
	case "buckt_imported_bucket":
		return expectNotFound(e.client.GetBucket(e.ctx(), id))
	case "buckt_aws_account_role":
		account, err := e.client.GetAWSAccount(e.ctx(), attributes["aws_account"])
		if buckt.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if account.RoleARN != nil {
			return fmt.Errorf("connection %s still has the role %s attached", account.ID, *account.RoleARN)
		}
	}
	return nil
}

// expectNotFound is nil when a GET answered 404.
func expectNotFound[T any](found *T, err error) error {
	switch {
	case buckt.IsNotFound(err):
		return nil
	case err != nil:
		return err
	}
	return fmt.Errorf("still exists after destroy: %+v", *found)
}

// checkNoRequests is a CheckDestroy proving that no request reached the API:
// bad input failed at plan, or a function or data source computed locally. Only
// the emulator counts requests: against a real Buckt the test's other checks
// remain.
func checkNoRequests(env *testEnv) func(*terraform.State) error {
	return func(*terraform.State) error {
		if env.emu == nil {
			return nil
		}
		if requests := env.emu.Stats().Requests; len(requests) != 0 {
			return fmt.Errorf("requests reached the API: %v", requests)
		}
		return nil
	}
}

// expectImportedBuckets is a state check that the connection
// buckt_aws_account.prod has exactly want buckets imported, counted through
// the API.
func (e *testEnv) expectImportedBuckets(want int) statecheck.StateCheck {
	return importedBucketsCheck{e, prodAccountAddr, want}
}

type importedBucketsCheck struct {
	env     *testEnv
	address string
	want    int
}

func (c importedBucketsCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.address {
			continue
		}
		id, _ := r.AttributeValues["id"].(string)
		buckets, err := c.env.client.ListBuckets(ctx, id)
		switch {
		case err != nil:
			resp.Error = err
		case len(buckets) != c.want:
			resp.Error = fmt.Errorf("%d bucket(s) imported through %s (%s), want %d", len(buckets), c.address, id, c.want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s not in state", c.address)
}

// importBlockSteps are the import-block test steps that sit beside a
// `terraform import` step: an import {} block for address with importID plans
// a no-op import, and so does the configuration -generate-config-out writes for
// it (which must pass validation: no conflicting or computed-only arguments).
// Each plan must show the attribute values in want.
func importBlockSteps(address, importID string, want map[string]knownvalue.Check) []resource.TestStep {
	generated := strings.SplitN(address, ".", 2)[0] + ".generated"
	checks := func(address string) []plancheck.PlanCheck {
		var checks []plancheck.PlanCheck
		for _, name := range slices.Sorted(maps.Keys(want)) {
			checks = append(checks, plancheck.ExpectKnownValue(address, tfjsonpath.New(name), want[name]))
		}
		return checks
	}
	return []resource.TestStep{
		{
			ResourceName:     address,
			ImportState:      true,
			ImportStateKind:  resource.ImportBlockWithID,
			ImportStateId:    importID,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: checks(address)},
		},
		{
			ResourceName:     address,
			ImportState:      true,
			ImportStateKind:  resource.ImportBlockWithID,
			GenerateConfig:   true,
			ImportStateId:    importID,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: checks(generated)},
		},
	}
}

// existsInBuckt is a state check that the object the resource at address
// manages exists in Buckt, asked through the API (for an attachment: its
// connection has the role attached).
func (e *testEnv) existsInBuckt(address string) statecheck.StateCheck {
	return existsCheck{e, address}
}

type existsCheck struct {
	env     *testEnv
	address string
}

func (c existsCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.address {
			continue
		}
		id, _ := r.AttributeValues["id"].(string)
		switch r.Type {
		case "buckt_aws_account":
			_, resp.Error = c.env.client.GetAWSAccount(ctx, id)
		case "buckt_imported_bucket":
			_, resp.Error = c.env.client.GetBucket(ctx, id)
		case "buckt_aws_account_role":
			account, err := c.env.client.GetAWSAccount(ctx, id)
			switch {
			case err != nil:
				resp.Error = err
			case account.RoleARN == nil || *account.RoleARN != r.AttributeValues["role_arn"]:
				resp.Error = fmt.Errorf("connection %s does not have the role %v attached", id, r.AttributeValues["role_arn"])
			}
		default:
			resp.Error = fmt.Errorf("existsInBuckt does not know %s", r.Type)
		}
		if resp.Error != nil {
			resp.Error = fmt.Errorf("%s: %w", c.address, resp.Error)
		}
		return
	}
	resp.Error = fmt.Errorf("%s not in state", c.address)
}
