package provider

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccAWSAccountList_filtersSelectConnections queries connections made by
// hand with each filter, alone and together: each finds exactly the fixture's
// connections it selects, named by label and 12-digit id, and with
// include_resource the object the resource's Read would write, except for the
// role, which the attachment owns.
func TestAccAWSAccountList_filtersSelectConnections(t *testing.T) {
	skipWithoutQuery(t)
	t.Parallel()
	env, f := fixtureEnv(t, true) // filters by the 12-digit id
	labelled := queryBlock{typ: "buckt_aws_account", name: "labelled", filters: map[string]string{"label_prefix": f.prefix}}
	// Only the validated connection knows its 12-digit id, and shows it.
	prodName := f.label("prod") + " (" + f.awsAccountID + ")"
	byStatus := func(status, id, displayName string) (queryBlock, []querycheck.QueryResultCheck) {
		b := queryBlock{typ: "buckt_aws_account", name: status, filters: map[string]string{"label_prefix": f.prefix, "status": status}}
		return b, expectFound(b, "id", map[string]string{id: displayName})
	}
	active, activeChecks := byStatus("active", f.prod, prodName)
	failed, failedChecks := byStatus("failed", f.failed, f.label("failed"))
	pending, pendingChecks := byStatus("pending", f.pending, f.label("pending"))
	byNumber := queryBlock{typ: "buckt_aws_account", name: "by_number", filters: map[string]string{"aws_account_id": f.awsAccountID}}
	prod := queryBlock{typ: "buckt_aws_account", name: "prod", includeResource: true, filters: map[string]string{"label_prefix": f.label("prod")}}

	checks := expectFound(labelled, "id", map[string]string{f.prod: prodName, f.failed: f.label("failed"), f.pending: f.label("pending")})
	checks = append(checks, activeChecks...)
	checks = append(checks, failedChecks...)
	checks = append(checks, pendingChecks...)
	checks = append(checks, expectFound(byNumber, "id", map[string]string{f.prod: prodName})...)
	checks = append(checks, querycheck.ExpectResourceKnownValues(prod.address(), byID("id", f.prod), []querycheck.KnownValueCheck{
		{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(f.prod)},
		{Path: tfjsonpath.New("label"), KnownValue: knownvalue.StringExact(f.label("prod"))},
		{Path: tfjsonpath.New("aws_account_id"), KnownValue: knownvalue.StringExact(f.awsAccountID)},
		{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("active")},
		{Path: tfjsonpath.New("external_id"), KnownValue: knownvalue.StringRegexp(externalIDForm)},
		{Path: tfjsonpath.New("last_validated_at"), KnownValue: knownvalue.StringRegexp(timestampForm)},
		{Path: tfjsonpath.New("created_at"), KnownValue: knownvalue.StringRegexp(timestampForm)},
		// The role is the attachment's (buckt_aws_account_role) to configure.
		{Path: tfjsonpath.New("role_arn"), KnownValue: knownvalue.Null()},
		{Path: tfjsonpath.New("stack_id"), KnownValue: knownvalue.Null()},
		{Path: tfjsonpath.New("skip_validation"), KnownValue: knownvalue.Bool(false)},
		{Path: tfjsonpath.New("force_destroy"), KnownValue: knownvalue.Bool(false)},
		{Path: tfjsonpath.New("timeouts"), KnownValue: knownvalue.Null()},
	}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   queryCLIs,
		Steps: []resource.TestStep{
			{Config: env.config("")},
			{
				Query:             true,
				Config:            queryFile(labelled, active, failed, pending, byNumber, prod),
				QueryResultChecks: checks,
			},
		},
	})
}

// TestAccAWSAccountList_everyConnectionInTheAPIsOrder: without filters the
// list finds every connection, one without a label named by its awa_ id, in
// the order the API lists them; a limit takes the first ones. A real Buckt
// holds other tests' connections too: there the fixture's are found among
// them, in the API's order.
func TestAccAWSAccountList_everyConnectionInTheAPIsOrder(t *testing.T) {
	skipWithoutQuery(t)
	t.Parallel()
	env, f := fixtureEnv(t, false)
	accounts, err := env.client.ListAWSAccounts(env.ctx())
	if err != nil {
		t.Fatal(err)
	}
	fixture := []string{f.prod, f.failed, f.pending, f.unlabelled}
	var order, fixtureOrder []string
	for _, a := range accounts {
		order = append(order, a.ID)
		if slices.Contains(fixture, a.ID) {
			fixtureOrder = append(fixtureOrder, a.ID)
		}
	}
	all := queryBlock{typ: "buckt_aws_account", name: "all", limit: limitAbove}
	firstTwo := queryBlock{typ: "buckt_aws_account", name: "first_two", limit: 2}
	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength(firstTwo.address(), 2)}
	if env.emu != nil {
		checks = append(checks,
			querycheck.ExpectLength(all.address(), 4),
			expectOrder(all, "id", order...),
			querycheck.ExpectResourceDisplayName(all.address(), byID("id", f.unlabelled), knownvalue.StringExact(f.unlabelled)),
			expectOrder(firstTwo, "id", order[:2]...))
	} else {
		checks = append(checks,
			expectOrderAmong(all, "id", fixtureOrder...),
			expectAmong(all, "id", map[string]string{f.prod: f.label("prod") + " (" + f.awsAccountID + ")",
				f.failed: f.label("failed"), f.pending: f.label("pending")}))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   queryCLIs,
		Steps: []resource.TestStep{
			{Config: env.config("")},
			{Query: true, Config: queryFile(all, firstTwo), QueryResultChecks: checks},
		},
	})
}
