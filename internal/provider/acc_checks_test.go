// The acceptance harness, part 2 of 3: every custom check (state, plan, query
// and destroy checks) and the state finders they share. Each has a test of
// what it rejects in acc_checks_unit_test.go.

package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

// terraformState is the legacy state ImportStateIdFunc and CheckDestroy receive.
type terraformState = terraform.State

// resourceAt finds the resource at address (as Terraform writes it, e.g.
// buckt_aws_account.a[3]) in the root module of state.
func resourceAt(state *tfjson.State, address string) (*tfjson.StateResource, error) {
	found, err := instancesAt(state, address)
	if err == nil && len(found) > 1 {
		err = fmt.Errorf("%s has %d instances: name one of them", address, len(found))
	}
	if err != nil {
		return nil, err
	}
	return found[0], nil
}

// instancesAt finds the resource at address in the root module of state, or
// every instance of a count or for_each resource addressed without its key;
// finding none is an error.
func instancesAt(state *tfjson.State, address string) ([]*tfjson.StateResource, error) {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return nil, errors.New("no state")
	}
	var found []*tfjson.StateResource
	for _, r := range state.Values.RootModule.Resources {
		if withoutKey, _, _ := strings.Cut(r.Address, "["); r.Address == address || withoutKey == address {
			found = append(found, r)
		}
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("%s not in state", address)
	}
	return found, nil
}

// idAt finds the resource at address in state, and its id.
func idAt(state *tfjson.State, address string) (*tfjson.StateResource, string, error) {
	r, err := resourceAt(state, address)
	if err != nil {
		return nil, "", err
	}
	id, _ := r.AttributeValues["id"].(string)
	return r, id, nil
}

// attachedRole is the role attached to the connection accountID, "" when it
// has none or is gone: reads.FindRoleAttachment, the provider's own rule that a
// detached role is a gone attachment, read through the API.
func attachedRole(ctx context.Context, client *buckt.Client, accountID string) (string, error) {
	account, err := reads.FindRoleAttachment(ctx, client.GetAWSAccount, accountID)
	switch {
	case buckt.IsNotFound(err):
		return "", nil
	case err != nil:
		return "", err
	}
	return *account.RoleARN, nil
}

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
			if r.Primary == nil || strings.HasPrefix(address, "data.") {
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
// managed is gone. Other providers' resources (terraform_data) are not its
// business, but a buckt_ resource it does not know is an error: a new
// resource type must say how to tell it is gone.
func (e *testEnv) checkDestroyed(resourceType, id string, attributes map[string]string) error {
	switch resourceType {
	case "buckt_aws_account":
		return expectNotFound(e.client.GetAWSAccount(e.ctx(), id))
	case "buckt_imported_bucket":
		return expectNotFound(e.client.GetBucket(e.ctx(), id))
	case "buckt_aws_account_role":
		accountID := attributes["aws_account"]
		arn, err := attachedRole(e.ctx(), e.client, accountID)
		if err == nil && arn != "" {
			err = fmt.Errorf("connection %s still has the role %s attached", accountID, arn)
		}
		return err
	}
	if strings.HasPrefix(resourceType, "buckt_") {
		return fmt.Errorf("checkDestroyed does not know %s: tell it how to see that one is gone", resourceType)
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
	r, id, err := idAt(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	switch r.Type {
	case "buckt_aws_account":
		_, resp.Error = c.env.client.GetAWSAccount(ctx, id)
	case "buckt_imported_bucket":
		_, resp.Error = c.env.client.GetBucket(ctx, id)
	case "buckt_aws_account_role":
		arn, err := attachedRole(ctx, c.env.client, id)
		switch {
		case err != nil:
			resp.Error = err
		case arn == "" || arn != r.AttributeValues["role_arn"]:
			resp.Error = fmt.Errorf("connection %s does not have the role %v attached", id, r.AttributeValues["role_arn"])
		}
	default:
		resp.Error = fmt.Errorf("existsInBuckt does not know %s", r.Type)
	}
	if resp.Error != nil {
		resp.Error = fmt.Errorf("%s: %w", c.address, resp.Error)
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
	_, id, err := idAt(req.State, c.address)
	var buckets []buckt.Bucket
	if err == nil {
		buckets, err = c.env.client.ListBuckets(ctx, id)
	}
	switch {
	case err != nil:
		resp.Error = err
	case len(buckets) != c.want:
		resp.Error = fmt.Errorf("%d bucket(s) imported through %s (%s), want %d", len(buckets), c.address, id, c.want)
	}
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
	r, err := resourceAt(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	v, ok := r.AttributeValues[c.attr].(string)
	if !ok {
		resp.Error = fmt.Errorf("%s.%s is %v, not a string", c.address, c.attr, r.AttributeValues[c.attr])
		return
	}
	c.into.value = v
}

// sameAs checks a string equals a captured one.
func sameAs(c *captured) func(string) error {
	return func(v string) error {
		if v != c.value {
			return fmt.Errorf("got %q, want %q", v, c.value)
		}
		return nil
	}
}

// instancesOf is a state check over every instance of a for_each resource,
// which statecheck's addresses cannot name: fn gets each instance's key and
// values. A resource without any instance fails it.
func instancesOf(address string, fn func(key any, values map[string]any) error) statecheck.StateCheck {
	return instancesCheck{address, fn}
}

type instancesCheck struct {
	address string
	fn      func(key any, values map[string]any) error
}

func (c instancesCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	instances, err := instancesAt(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	for _, r := range instances {
		if err := c.fn(r.Index, r.AttributeValues); err != nil {
			resp.Error = fmt.Errorf("%s[%v]: %w", c.address, r.Index, err)
			return
		}
	}
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

// onlyChange is a plan check that the plan changes the managed resource at
// address with action, and no other managed resource at all.
func onlyChange(address string, action plancheck.ResourceActionType) plancheck.PlanCheck {
	return onlyChangeCheck{address, action}
}

type onlyChangeCheck struct {
	address string
	action  plancheck.ResourceActionType
}

// CheckPlan rejects any change but the one expected.
func (c onlyChangeCheck) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var expected plancheck.CheckPlanResponse
	plancheck.ExpectResourceAction(c.address, c.action).CheckPlan(ctx, req, &expected)
	if expected.Error != nil {
		resp.Error = expected.Error
		return
	}
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Mode == tfjson.ManagedResourceMode && rc.Address != c.address && !rc.Change.Actions.NoOp() {
			resp.Error = fmt.Errorf("%s: planned %v, want no change but to %s", rc.Address, rc.Change.Actions, c.address)
			return
		}
	}
}

// importsOnly is a plan check that the plan imports n buckt_aws_account
// instances and neither creates, updates, replaces nor destroys anything.
func importsOnly(n int) plancheck.PlanCheck { return importsOnlyCheck{n} }

type importsOnlyCheck struct{ want int }

// CheckPlan counts the plan's imports and rejects every change that is not a no-op.
func (c importsOnlyCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	imports := 0
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Change == nil {
			continue
		}
		if !rc.Change.Actions.NoOp() {
			resp.Error = fmt.Errorf("%s: planned %v, want only imports", rc.Address, rc.Change.Actions)
			return
		}
		if rc.Change.Importing != nil && rc.Type == "buckt_aws_account" {
			imports++
		}
	}
	if imports != c.want {
		resp.Error = fmt.Errorf("the plan imports %d connections, want %d", imports, c.want)
	}
}

// expectImports is a plan check that the plan imports exactly want (resource
// instance address → import id), nothing more.
func expectImports(want map[string]string) plancheck.PlanCheck { return importsCheck(want) }

type importsCheck map[string]string

func (want importsCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	got := map[string]string{}
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Change != nil && rc.Change.Importing != nil {
			got[rc.Address] = rc.Change.Importing.ID
		}
	}
	if !maps.Equal(got, want) {
		resp.Error = fmt.Errorf("the plan imports %v, want %v", got, want)
	}
}

// expectActionInvocations is a plan check that the plan invokes the action
// exactly on the given events of terraform_data.trigger (e.g. "AfterUpdate").
func expectActionInvocations(events ...string) plancheck.PlanCheck {
	return actionInvocationsCheck(events)
}

// actionInvocationsCheck is the events the action is expected on, in order.
type actionInvocationsCheck []string

func (want actionInvocationsCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var got []string
	for _, inv := range req.Plan.ActionInvocations {
		trigger := inv.LifecycleActionTrigger
		if inv.Address != "action.buckt_validate_role.test" || trigger == nil || trigger.TriggeringResourceAddress != triggerAddr {
			resp.Error = fmt.Errorf("unexpected action invocation %+v", *inv)
			return
		}
		got = append(got, trigger.ActionTriggerEvent)
	}
	if !slices.Equal(got, want) {
		resp.Error = fmt.Errorf("the plan invokes the action on %v, want %v", got, []string(want))
	}
}

// byID selects the result whose identity attribute attr is id.
func byID(attr, id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{attr: knownvalue.StringExact(id)})
}

// expectFound checks that block found exactly the objects ids (identity
// attribute attr), each with its display name.
func expectFound(b queryBlock, attr string, names map[string]string) []querycheck.QueryResultCheck {
	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength(b.address(), len(names))}
	for _, id := range slices.Sorted(maps.Keys(names)) {
		checks = append(checks,
			querycheck.ExpectIdentity(b.address(), map[string]knownvalue.Check{attr: knownvalue.StringExact(id)}),
			querycheck.ExpectResourceDisplayName(b.address(), byID(attr, id), knownvalue.StringExact(names[id])))
	}
	return checks
}

// expectOrder checks that block found exactly the objects ids (identity
// attribute attr), in this order.
func expectOrder(b queryBlock, attr string, ids ...string) querycheck.QueryResultCheck {
	return orderCheck{b.address(), attr, ids, false}
}

// expectOrderAmong checks that block found the objects ids (identity
// attribute attr) in this order, others possibly before, between or after
// them: the order a listing of everything keeps in a Buckt other tests share.
func expectOrderAmong(b queryBlock, attr string, ids ...string) querycheck.QueryResultCheck {
	return orderCheck{b.address(), attr, ids, true}
}

type orderCheck struct {
	address, attr string
	ids           []string
	among         bool // others may be found too
}

func (c orderCheck) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	var got []string
	for _, found := range req.Query {
		id, _ := found.Identity[c.attr].(string)
		if strings.TrimPrefix(found.Address, "list.") == c.address && (!c.among || slices.Contains(c.ids, id)) {
			got = append(got, id)
		}
	}
	if !slices.Equal(got, c.ids) {
		resp.Error = fmt.Errorf("%s found %v, want %v in this order", c.address, got, c.ids)
	}
}

// expectAmong checks that block found each object of names (identity
// attribute attr → display name), among others, and none of absent: what a
// listing of everything can promise in a Buckt other tests share.
func expectAmong(b queryBlock, attr string, names map[string]string, absent ...string) querycheck.QueryResultCheck {
	return amongCheck{b.address(), attr, names, absent}
}

type amongCheck struct {
	address, attr string
	names         map[string]string
	absent        []string
}

func (c amongCheck) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	found := map[string]string{}
	for _, r := range req.Query {
		if id, _ := r.Identity[c.attr].(string); strings.TrimPrefix(r.Address, "list.") == c.address {
			found[id] = r.DisplayName
		}
	}
	var errs []error
	for _, id := range slices.Sorted(maps.Keys(c.names)) {
		if name, ok := found[id]; !ok || name != c.names[id] {
			errs = append(errs, fmt.Errorf("%s did not find %s named %q (found: %v)", c.address, id, c.names[id], found))
		}
	}
	for _, id := range c.absent {
		if _, ok := found[id]; ok {
			errs = append(errs, fmt.Errorf("%s found %s, which it must leave out", c.address, id))
		}
	}
	resp.Error = errors.Join(errs...)
}

// expectListed checks that block, which lists everything, found the objects
// names (identity attribute attr → display name) and none of absent: exactly
// them on the emulator, which holds only the test's objects, and among
// others' in a real Buckt.
func (e *testEnv) expectListed(b queryBlock, attr string, names map[string]string, absent ...string) []querycheck.QueryResultCheck {
	if e.emu != nil {
		return expectFound(b, attr, names)
	}
	return []querycheck.QueryResultCheck{expectAmong(b, attr, names, absent...)}
}

// queryCost is a query check that the query cost at most budget requests in
// all, of which listing pages are at most pages; it logs what it cost.
func queryCost(t *testing.T, env *testEnv, what string, budget, pages int) querycheck.QueryResultCheck {
	return queryCostCheck{t, env, what, budget, pages}
}

type queryCostCheck struct {
	t             *testing.T
	env           *testEnv
	what          string
	budget, pages int
}

func (c queryCostCheck) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	stats := c.env.emu.Stats()
	requests := stats.Requests
	total := 0
	for _, n := range requests {
		total += n
	}
	listed := requestsTo(c.t, stats, emulator.RouteListAWSAccounts) + requestsTo(c.t, stats, emulator.RouteListBuckets)
	c.t.Logf("%s: %d requests, %d of them listing pages: %v", c.what, total, listed, requests)
	if total > c.budget || listed > c.pages {
		resp.Error = fmt.Errorf("%s cost %d requests (%d pages), budget %d (%d pages): %v", c.what, total, listed, c.budget, c.pages, requests)
	}
}

// checkS3Untouched proves releasing never deleted an S3 bucket.
func checkS3Untouched(env *testEnv, names ...string) func() error {
	return func() error {
		if env.emu == nil {
			return nil // only the simulated AWS side shows S3 itself; Buckt never deletes buckets
		}
		left := env.emu.S3BucketNames(awsAccount)
		for _, n := range names {
			if !slices.Contains(left, n) {
				return fmt.Errorf("S3 bucket %s was deleted; releasing must leave it (left: %v)", n, left)
			}
		}
		return nil
	}
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

// wrapped compiles an expected error message in which every space also matches
// the line breaks Terraform inserts when it wraps long diagnostics.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

func errIsValidation(err error) bool { return err != nil && errors.Is(err, buckt.ErrValidation) }

// The forms of values Buckt generates.
var (
	externalIDForm = regexp.MustCompile(`^ext_[0-9A-Za-z]+$`)
	timestampForm  = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
)
