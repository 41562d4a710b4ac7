package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// The checks' own tests: each custom check of acc_checks_test.go, run on a
// state, plan or query built by hand, rejects what it must and passes a good
// one. Checks that ask the API run against the in-process emulator, without
// Terraform.

// checksEnv is a testEnv on the in-process emulator whatever the environment
// names: these tests seed and break records through its admin side.
func checksEnv(t *testing.T) *testEnv {
	t.Setenv(envEndpoint, "")
	return newTestEnv(t, emulator.Options{})
}

// stateOf is a state whose root module holds resources.
func stateOf(resources ...*tfjson.StateResource) *tfjson.State {
	return &tfjson.State{Values: &tfjson.StateValues{RootModule: &tfjson.StateModule{Resources: resources}}}
}

// instance is the managed resource typ.name, the instance key of a for_each
// one (nil: no key), with values.
func instance(typ, name string, key any, values map[string]any) *tfjson.StateResource {
	address := typ + "." + name
	if key != nil {
		address += fmt.Sprintf("[%q]", key)
	}
	return &tfjson.StateResource{Address: address, Mode: tfjson.ManagedResourceMode, Type: typ, Name: name, Index: key, AttributeValues: values}
}

// checkState runs a state check on state and returns its verdict.
func checkState(c statecheck.StateCheck, state *tfjson.State) error {
	var resp statecheck.CheckStateResponse
	c.CheckState(context.Background(), statecheck.CheckStateRequest{State: state}, &resp)
	return resp.Error
}

// checkPlanOf runs a plan check on plan and returns its verdict.
func checkPlanOf(c plancheck.PlanCheck, plan *tfjson.Plan) error {
	var resp plancheck.CheckPlanResponse
	c.CheckPlan(context.Background(), plancheck.CheckPlanRequest{Plan: plan}, &resp)
	return resp.Error
}

// checkQuery runs a query check on what a query found and returns its verdict.
func checkQuery(c querycheck.QueryResultCheck, found ...tfjson.ListResourceFoundData) error {
	var resp querycheck.CheckQueryResponse
	c.CheckQuery(context.Background(), querycheck.CheckQueryRequest{Query: found}, &resp)
	return resp.Error
}

// change is a planned change of the managed resource typ.name.
func change(typ, name string, action tfjson.Action, importID string) *tfjson.ResourceChange {
	rc := &tfjson.ResourceChange{Address: typ + "." + name, Mode: tfjson.ManagedResourceMode, Type: typ, Name: name,
		Change: &tfjson.Change{Actions: tfjson.Actions{action}}}
	if importID != "" {
		rc.Change.Importing = &tfjson.Importing{ID: importID}
	}
	return rc
}

// verdicts is a table of checks' verdicts: which must pass, which must fail.
type verdicts []struct {
	name     string
	err      error
	wantFail bool
}

func (v verdicts) expect(t *testing.T) {
	t.Helper()
	for _, c := range v {
		if failed := c.err != nil; failed != c.wantFail {
			t.Errorf("%s: error %v, want failure %v", c.name, c.err, c.wantFail)
		}
	}
}

func TestResourceAtAndInstancesAt(t *testing.T) {
	one := instance("buckt_aws_account", "prod", nil, map[string]any{"id": "awa_1"})
	a := instance("buckt_imported_bucket", "all", "a", nil)
	b := instance("buckt_imported_bucket", "all", "b", nil)
	state := stateOf(one, a, b)
	if r, err := resourceAt(state, "buckt_aws_account.prod"); err != nil || r != one {
		t.Errorf("resourceAt(buckt_aws_account.prod) = %v, %v", r, err)
	}
	if r, err := resourceAt(state, `buckt_imported_bucket.all["b"]`); err != nil || r != b {
		t.Errorf(`resourceAt(buckt_imported_bucket.all["b"]) = %v, %v`, r, err)
	}
	if found, err := instancesAt(state, "buckt_imported_bucket.all"); err != nil || len(found) != 2 {
		t.Errorf("instancesAt(buckt_imported_bucket.all) = %v, %v", found, err)
	}
	for _, tc := range []struct {
		state   *tfjson.State
		address string
	}{
		{state, "buckt_aws_account.test"},
		{state, "buckt_imported_bucket.all"}, // two instances: which one?
		{state, "buckt_aws_account.pro"},
		{nil, "buckt_aws_account.prod"},
		{&tfjson.State{}, "buckt_aws_account.prod"},
	} {
		if r, err := resourceAt(tc.state, tc.address); err == nil {
			t.Errorf("resourceAt(%s) found %v", tc.address, r)
		}
	}
	if found, err := instancesAt(state, "buckt_imported_bucket.none"); err == nil {
		t.Errorf("instancesAt of a resource not in state found %v", found)
	}
}

func TestCapture(t *testing.T) {
	state := stateOf(instance("buckt_aws_account", "prod", nil, map[string]any{"id": "awa_1", "status": nil}))
	var got captured
	if err := checkState(capture(prodAccountAddr, "id", &got), state); err != nil || got.value != "awa_1" {
		t.Errorf("captured %q, %v; want awa_1", got.value, err)
	}
	verdicts{
		{"not in state", checkState(capture(accountAddr, "id", &got), state), true},
		{"not a string", checkState(capture(prodAccountAddr, "status", &got), state), true},
	}.expect(t)
}

func TestSameAs(t *testing.T) {
	want := captured{"awa_1"}
	verdicts{
		{"same", sameAs(&want)("awa_1"), false},
		{"different", sameAs(&want)("awa_2"), true},
	}.expect(t)
}

func TestInstancesOf(t *testing.T) {
	state := stateOf(
		instance("buckt_imported_bucket", "all", "logs", map[string]any{"bucket_name": "logs"}),
		instance("buckt_imported_bucket", "all", "media", map[string]any{"bucket_name": "media"}),
	)
	var seen []any
	nameIsKey := func(key any, values map[string]any) error {
		seen = append(seen, key)
		if values["bucket_name"] != key {
			return fmt.Errorf("bucket_name %v", values["bucket_name"])
		}
		return nil
	}
	if err := checkState(instancesOf("buckt_imported_bucket.all", nameIsKey), state); err != nil || len(seen) != 2 {
		t.Errorf("instancesOf saw %v, %v; want both instances, no error", seen, err)
	}
	wrong := stateOf(instance("buckt_imported_bucket", "all", "logs", map[string]any{"bucket_name": "media"}))
	verdicts{
		{"an instance fails fn", checkState(instancesOf("buckt_imported_bucket.all", nameIsKey), wrong), true},
		{"no instance", checkState(instancesOf("buckt_imported_bucket.legacy", nameIsKey), state), true},
		{"empty state", checkState(instancesOf("buckt_imported_bucket.all", nameIsKey), stateOf()), true},
	}.expect(t)
}

func TestCheckFuncAndCheckPlan(t *testing.T) {
	fails := func() error { return fmt.Errorf("no") }
	passes := func() error { return nil }
	verdicts{
		{"state, fn fails", checkState(checkFunc(fails), stateOf()), true},
		{"state, fn passes", checkState(checkFunc(passes), stateOf()), false},
		{"plan, fn fails", checkPlanOf(checkPlan(fails), &tfjson.Plan{}), true},
		{"plan, fn passes", checkPlanOf(checkPlan(passes), &tfjson.Plan{}), false},
	}.expect(t)
}

func TestOnlyChange(t *testing.T) {
	create := change("buckt_aws_account_role", "prod", tfjson.ActionCreate, "")
	keep := change("buckt_aws_account", "prod", tfjson.ActionNoop, "")
	read := &tfjson.ResourceChange{Address: "data.buckt_aws_accounts.all", Mode: tfjson.DataResourceMode,
		Type: "buckt_aws_accounts", Name: "all", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionRead}}}
	check := onlyChange(roleAddr, plancheck.ResourceActionCreate)
	verdicts{
		{"the change, no-ops and reads", checkPlanOf(check, &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{create, keep, read}}), false},
		{"another change too", checkPlanOf(check, &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{
			create, change("buckt_aws_account", "prod", tfjson.ActionUpdate, "")}}), true},
		{"not the expected action", checkPlanOf(check, &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{
			change("buckt_aws_account_role", "prod", tfjson.ActionUpdate, "")}}), true},
		{"no change at all", checkPlanOf(check, &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{keep}}), true},
	}.expect(t)
}

func TestImportsOnly(t *testing.T) {
	imports := []*tfjson.ResourceChange{
		change("buckt_aws_account", "a", tfjson.ActionNoop, "awa_1"),
		change("buckt_aws_account", "b", tfjson.ActionNoop, "awa_2"),
		change("buckt_imported_bucket", "c", tfjson.ActionNoop, "bkt_1"),
	}
	verdicts{
		{"two connections imported", checkPlanOf(importsOnly(2), &tfjson.Plan{ResourceChanges: imports}), false},
		{"one connection fewer", checkPlanOf(importsOnly(3), &tfjson.Plan{ResourceChanges: imports}), true},
		{"and a create", checkPlanOf(importsOnly(2), &tfjson.Plan{ResourceChanges: append(imports[:2:2],
			change("buckt_aws_account", "new", tfjson.ActionCreate, ""))}), true},
	}.expect(t)
}

func TestExpectImports(t *testing.T) {
	plan := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{
		change("buckt_imported_bucket", "a", tfjson.ActionNoop, "bkt_1"),
		change("buckt_aws_account", "prod", tfjson.ActionNoop, ""),
	}}
	verdicts{
		{"exactly those", checkPlanOf(expectImports(map[string]string{"buckt_imported_bucket.a": "bkt_1"}), plan), false},
		{"another id", checkPlanOf(expectImports(map[string]string{"buckt_imported_bucket.a": "bkt_2"}), plan), true},
		{"one missing", checkPlanOf(expectImports(map[string]string{
			"buckt_imported_bucket.a": "bkt_1", "buckt_imported_bucket.b": "bkt_2"}), plan), true},
		{"none expected", checkPlanOf(expectImports(map[string]string{}), plan), true},
	}.expect(t)
}

func TestExpectActionInvocations(t *testing.T) {
	on := func(action, trigger, event string) *tfjson.ActionInvocation {
		return &tfjson.ActionInvocation{Address: action, LifecycleActionTrigger: &tfjson.LifecycleActionTrigger{
			TriggeringResourceAddress: trigger, ActionTriggerEvent: event}}
	}
	const action = "action.buckt_validate_role.test"
	plan := func(invocations ...*tfjson.ActionInvocation) *tfjson.Plan {
		return &tfjson.Plan{ActionInvocations: invocations}
	}
	verdicts{
		{"those events", checkPlanOf(expectActionInvocations("AfterCreate"), plan(on(action, triggerAddr, "AfterCreate"))), false},
		{"none expected, none planned", checkPlanOf(expectActionInvocations(), plan()), false},
		{"another event", checkPlanOf(expectActionInvocations("AfterCreate"), plan(on(action, triggerAddr, "AfterUpdate"))), true},
		{"one more", checkPlanOf(expectActionInvocations(), plan(on(action, triggerAddr, "AfterUpdate"))), true},
		{"another action", checkPlanOf(expectActionInvocations("AfterCreate"), plan(on("action.other.test", triggerAddr, "AfterCreate"))), true},
		{"another trigger", checkPlanOf(expectActionInvocations("AfterCreate"), plan(on(action, "terraform_data.other", "AfterCreate"))), true},
	}.expect(t)
}

func TestExpectOrder(t *testing.T) {
	block := queryBlock{typ: "buckt_aws_account_role", name: "all"}
	found := func(address, id string) tfjson.ListResourceFoundData {
		return tfjson.ListResourceFoundData{Address: "list." + address, Identity: map[string]any{"aws_account": id}}
	}
	results := []tfjson.ListResourceFoundData{
		found(block.address(), "awa_1"), found("buckt_aws_account.all", "awa_3"), found(block.address(), "awa_2"),
	}
	verdicts{
		{"in this order", checkQuery(expectOrder(block, "aws_account", "awa_1", "awa_2"), results...), false},
		{"the other order", checkQuery(expectOrder(block, "aws_account", "awa_2", "awa_1"), results...), true},
		{"one missing", checkQuery(expectOrder(block, "aws_account", "awa_1", "awa_2", "awa_3"), results...), true},
		{"another identity attribute", checkQuery(expectOrder(block, "id", "awa_1", "awa_2"), results...), true},
		{"nothing found", checkQuery(expectOrder(block, "aws_account", "awa_1")), true},
		{"among others, in this order", checkQuery(expectOrderAmong(block, "aws_account", "awa_1", "awa_2"), results...), false},
		{"among others, one of them", checkQuery(expectOrderAmong(block, "aws_account", "awa_2"), results...), false},
		{"among others, the other order", checkQuery(expectOrderAmong(block, "aws_account", "awa_2", "awa_1"), results...), true},
		{"among others, one missing", checkQuery(expectOrderAmong(block, "aws_account", "awa_1", "awa_3"), results...), true},
	}.expect(t)
}

func TestExpectAmongAndExpectListed(t *testing.T) {
	block := queryBlock{typ: "buckt_imported_bucket", name: "all"}
	found := func(address, id, name string) tfjson.ListResourceFoundData {
		return tfjson.ListResourceFoundData{Address: "list." + address, Identity: map[string]any{"id": id}, DisplayName: name}
	}
	results := []tfjson.ListResourceFoundData{
		found(block.address(), "bkt_1", "logs"), found(block.address(), "bkt_2", "media"), found("buckt_aws_account.all", "bkt_3", "x"),
	}
	logs := map[string]string{"bkt_1": "logs"}
	verdicts{
		{"among others", checkQuery(expectAmong(block, "id", logs), results...), false},
		{"one absent", checkQuery(expectAmong(block, "id", logs, "bkt_3"), results...), false},
		{"another name", checkQuery(expectAmong(block, "id", map[string]string{"bkt_1": "media"}), results...), true},
		{"not found", checkQuery(expectAmong(block, "id", map[string]string{"bkt_3": "x"}), results...), true},
		{"found one that must be absent", checkQuery(expectAmong(block, "id", logs, "bkt_2"), results...), true},
	}.expect(t)

	shared := &testEnv{t: t} // a real Buckt: other tests' objects are listed too
	onEmulator := checksEnv(t)
	listed := func(env *testEnv, absent ...string) error {
		for _, c := range env.expectListed(block, "id", logs, absent...) {
			if err := checkQuery(c, results...); err != nil {
				return err
			}
		}
		return nil
	}
	verdicts{
		{"real Buckt, among others", listed(shared), false},
		{"real Buckt, one that must be absent", listed(shared, "bkt_2"), true},
		{"emulator, one more than the test's", listed(onEmulator), true},
	}.expect(t)
}

func TestCheckOnEmulator(t *testing.T) {
	fails := func(*emulator.Server) error { return fmt.Errorf("the emulator saw too much") }
	verdicts{
		{"on the emulator", checksEnv(t).checkOnEmulator("count", fails)(), true},
		{"against a real Buckt", (&testEnv{t: t}).checkOnEmulator("count", fails)(), false},
	}.expect(t)
}

func TestQueryCost(t *testing.T) {
	env := checksEnv(t)
	verdicts{{"nothing sent", checkQuery(queryCost(t, env, "nothing", 0, 0)), false}}.expect(t)
	if _, err := env.client.ListAWSAccounts(env.ctx()); err != nil {
		t.Fatal(err)
	}
	verdicts{
		{"one page within budget", checkQuery(queryCost(t, env, "one page", 1, 1)), false},
		{"over the budget", checkQuery(queryCost(t, env, "one page", 0, 1)), true},
		{"over the pages", checkQuery(queryCost(t, env, "one page", 1, 0)), true},
	}.expect(t)
}

func TestRequestsTo(t *testing.T) {
	stats := emulator.Stats{Requests: map[string]int{emulator.RouteGetBucket: 2}}
	if n := requestsTo(t, stats, emulator.RouteGetBucket); n != 2 {
		t.Errorf("requestsTo = %d, want 2", n)
	}
	misspelt := &fatalRecorder{TB: t}
	requestsTo(misspelt, stats, strings.Replace(emulator.RouteGetBucket, "buckets", "bucket", 1))
	if misspelt.fatal == "" {
		t.Error("a route the emulator does not have did not fail the test")
	}
}

// fatalRecorder is a testing.TB that records Fatalf instead of stopping.
type fatalRecorder struct {
	testing.TB
	fatal string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) { r.fatal = fmt.Sprintf(format, args...) }

func TestCheckNoRequests(t *testing.T) {
	env := checksEnv(t)
	verdicts{{"nothing sent", checkNoRequests(env)(nil), false}}.expect(t)
	if _, err := env.client.ListAWSAccounts(env.ctx()); err != nil {
		t.Fatal(err)
	}
	verdicts{{"one request", checkNoRequests(env)(nil), true}}.expect(t)
}

func TestCheckS3Untouched(t *testing.T) {
	env := checksEnv(t)
	env.emu.PutS3Buckets(awsAccount, "logs", "media")
	verdicts{{"both there", checkS3Untouched(env, "logs", "media")(), false}}.expect(t)
	env.emu.DeleteS3Bucket(awsAccount, "media")
	verdicts{{"one deleted", checkS3Untouched(env, "logs", "media")(), true}}.expect(t)
}

// seedOneBucket is an active connection with one imported bucket, and the
// bucket's id.
func seedOneBucket(t *testing.T, env *testEnv) (seededConnection, string) {
	t.Helper()
	seeded := seedActiveConnection(t, env, awsAccount, "logs", 1, 1)
	buckets, err := env.client.ListBuckets(env.ctx(), seeded.id)
	if err != nil || len(buckets) != 1 {
		t.Fatalf("seeded buckets %v, %v", buckets, err)
	}
	return seeded, buckets[0].ID
}

// TestExistsInBuckt: existsInBuckt asks the API for the object at the address
// of each resource type, and an attachment exists only while its connection
// has that role.
func TestExistsInBuckt(t *testing.T) {
	env := checksEnv(t)
	seeded, bucketID := seedOneBucket(t, env)
	arn := "arn:aws:iam::" + awsAccount + ":role/Buckt"
	account := func(id string) *tfjson.StateResource {
		return instance("buckt_aws_account", "prod", nil, map[string]any{"id": id})
	}
	bucket := func(id string) *tfjson.StateResource {
		return instance("buckt_imported_bucket", "test", nil, map[string]any{"id": id})
	}
	role := func(id, arn string) *tfjson.StateResource {
		return instance("buckt_aws_account_role", "prod", nil, map[string]any{"id": id, "aws_account": id, "role_arn": arn})
	}
	verdicts{
		{"connection", checkState(env.existsInBuckt(prodAccountAddr), stateOf(account(seeded.id))), false},
		{"connection gone", checkState(env.existsInBuckt(prodAccountAddr), stateOf(account("awa_missing"))), true},
		{"bucket", checkState(env.existsInBuckt(bucketAddr), stateOf(bucket(bucketID))), false},
		{"bucket gone", checkState(env.existsInBuckt(bucketAddr), stateOf(bucket("bkt_missing"))), true},
		{"role attached", checkState(env.existsInBuckt(roleAddr), stateOf(role(seeded.id, arn))), false},
		{"another role attached", checkState(env.existsInBuckt(roleAddr), stateOf(role(seeded.id, roleARN))), true},
		{"connection of the role gone", checkState(env.existsInBuckt(roleAddr), stateOf(role("awa_missing", arn))), true},
		{"not in state", checkState(env.existsInBuckt(accountAddr), stateOf(account(seeded.id))), true},
		{"unknown type", checkState(env.existsInBuckt("buckt_other.prod"), stateOf(instance("buckt_other", "prod", nil, nil))), true},
	}.expect(t)
	if err := env.client.UpdateAWSAccount(env.ctx(), seeded.id, detachRole()); err != nil {
		t.Fatal(err)
	}
	verdicts{{"role detached", checkState(env.existsInBuckt(roleAddr), stateOf(role(seeded.id, arn))), true}}.expect(t)
}

func TestExpectImportedBuckets(t *testing.T) {
	env := checksEnv(t)
	seeded := seedActiveConnection(t, env, awsAccount, "logs", 3, 2)
	state := stateOf(instance("buckt_aws_account", "prod", nil, map[string]any{"id": seeded.id}))
	verdicts{
		{"two imported", checkState(env.expectImportedBuckets(2), state), false},
		{"want one", checkState(env.expectImportedBuckets(1), state), true},
		{"want three", checkState(env.expectImportedBuckets(3), state), true},
		{"no connection in state", checkState(env.expectImportedBuckets(2), stateOf()), true},
	}.expect(t)
}

// legacyState is the state CheckDestroy gets, holding resources by address.
func legacyState(resources map[string]*terraform.ResourceState) *terraform.State {
	return &terraform.State{Modules: []*terraform.ModuleState{{Path: []string{"root"}, Resources: resources}}}
}

// legacyResource is a resource of type typ with id in a legacy state.
func legacyResource(typ, id string) *terraform.ResourceState {
	return &terraform.ResourceState{Type: typ, Primary: &terraform.InstanceState{ID: id}}
}

// TestCheckDestroyed: a connection or bucket still there, or a role still
// attached, is not destroyed; neither is a buckt_ type the check does not
// know. Other providers' resources are not its business.
func TestCheckDestroyed(t *testing.T) {
	env := checksEnv(t)
	seeded, bucketID := seedOneBucket(t, env)
	roleOf := map[string]string{"aws_account": seeded.id}
	verdicts{
		{"connection there", env.checkDestroyed("buckt_aws_account", seeded.id, nil), true},
		{"connection gone", env.checkDestroyed("buckt_aws_account", "awa_missing", nil), false},
		{"bucket there", env.checkDestroyed("buckt_imported_bucket", bucketID, nil), true},
		{"bucket gone", env.checkDestroyed("buckt_imported_bucket", "bkt_missing", nil), false},
		{"role attached", env.checkDestroyed("buckt_aws_account_role", seeded.id, roleOf), true},
		{"connection of the role gone", env.checkDestroyed("buckt_aws_account_role", "awa_missing",
			map[string]string{"aws_account": "awa_missing"}), false},
		{"unknown buckt_ type", env.checkDestroyed("buckt_aws_account_tag", "x", nil), true},
		{"another provider's", env.checkDestroyed("terraform_data", "x", nil), false},
	}.expect(t)
	if err := env.client.UpdateAWSAccount(env.ctx(), seeded.id, detachRole()); err != nil {
		t.Fatal(err)
	}
	verdicts{{"role detached", env.checkDestroyed("buckt_aws_account_role", seeded.id, roleOf), false}}.expect(t)
}

// TestCheckNothingLeft: a destroy that left a resource of the last state, or
// any record in the emulator, fails; data sources and other providers'
// resources are not looked at.
func TestCheckNothingLeft(t *testing.T) {
	env := checksEnv(t)
	id, err := env.client.ConnectAWSAccount(env.ctx(), nil)
	if err != nil {
		t.Fatal(err)
	}
	left := legacyState(map[string]*terraform.ResourceState{prodAccountAddr: legacyResource("buckt_aws_account", id)})
	verdicts{
		{"connection left", env.checkNothingLeft(left), true},
		{"record outside state", env.checkNothingLeft(legacyState(nil)), true},
	}.expect(t)
	if err := env.client.DisconnectAWSAccount(env.ctx(), id); err != nil {
		t.Fatal(err)
	}
	gone := legacyState(map[string]*terraform.ResourceState{
		prodAccountAddr:                legacyResource("buckt_aws_account", id),
		"data.buckt_aws_accounts.all":  legacyResource("buckt_aws_accounts", "all"),
		"terraform_data.iam_role":      legacyResource("terraform_data", "x"),
		"buckt_aws_account_tag.prod":   {Type: "buckt_aws_account_tag"}, // never created: no instance
		"buckt_imported_bucket.legacy": legacyResource("buckt_imported_bucket", "bkt_missing"),
	})
	verdicts{
		{"everything gone", env.checkNothingLeft(gone), false},
		{"no state", env.checkNothingLeft(nil), false},
		{"an unknown buckt_ resource", env.checkNothingLeft(legacyState(map[string]*terraform.ResourceState{
			"buckt_aws_account_tag.prod": legacyResource("buckt_aws_account_tag", "x")})), true},
	}.expect(t)
}
