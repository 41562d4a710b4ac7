package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

// pagesFor is ceil(n / 100): the pages of a listing of n objects.
func pagesFor(n int) int { return (n + 99) / 100 }

// TestAccQuery_costsOnePagePerHundredObjects: in an organisation of 252
// connections and 1,150 imported buckets, a query of T objects costs at most
// ceil(T/100) + 2 requests however many it returns, and one whose limit a
// page fills costs that one page.
func TestAccQuery_costsOnePagePerHundredObjects(t *testing.T) {
	skipWithoutQuery(t)
	skipAgainstRealBuckt(t, "count the requests of a query")
	env := newTestEnv(t, emulator.Options{})
	big := seedActiveConnection(t, env, "555500000001", "big", 1000, 1000)
	small := seedActiveConnection(t, env, "555500000002", "small", 150, 150)
	for range 250 {
		if _, err := env.client.ConnectAWSAccount(env.ctx(), nil); err != nil {
			t.Fatal(err)
		}
	}
	const accounts, buckets = 252, 1150
	step := func(what string, block queryBlock, found, budget, pages int) resource.TestStep {
		return resource.TestStep{
			PreConfig: env.emu.ResetStats,
			Query:     true,
			Config:    queryFile(block),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength(block.address(), found),
				queryCost(t, env, what, budget, pages),
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   queryCLIs,
		Steps: []resource.TestStep{
			{Config: env.config("")},
			step("every connection", queryBlock{typ: "buckt_aws_account", name: "all", includeResource: true, limit: limitAbove},
				accounts, pagesFor(accounts)+2, pagesFor(accounts)),
			step("connections in one AWS account", queryBlock{typ: "buckt_aws_account", name: "one", limit: limitAbove,
				filters: map[string]string{"aws_account_id": big.awsAccountID}}, 1, pagesFor(accounts)+2, pagesFor(accounts)),
			step("every attachment", queryBlock{typ: "buckt_aws_account_role", name: "all", includeResource: true, limit: limitAbove},
				2, pagesFor(accounts)+2, pagesFor(accounts)),
			step("every imported bucket", queryBlock{typ: "buckt_imported_bucket", name: "all", includeResource: true, limit: limitAbove},
				buckets, pagesFor(buckets)+2, pagesFor(buckets)),
			step("the buckets of one connection by awa_ id", queryBlock{typ: "buckt_imported_bucket", name: "small", limit: limitAbove,
				filters: map[string]string{"aws_account": small.id}}, 150, pagesFor(150)+2, pagesFor(150)),
			// Naming the connection by its 12-digit id lists the connections to find it.
			step("the buckets of one connection by 12-digit id", queryBlock{typ: "buckt_imported_bucket", name: "big", limit: limitAbove,
				filters: map[string]string{"aws_account": big.awsAccountID}}, 1000, pagesFor(accounts+1000)+2, pagesFor(accounts)+pagesFor(1000)),
			step("Terraform's default limit of 100", queryBlock{typ: "buckt_imported_bucket", name: "default"}, 100, 1, 1),
			step("limit 5 of the connections", queryBlock{typ: "buckt_aws_account", name: "five", limit: 5}, 5, 1, 1),
			step("limit 5 of the buckets", queryBlock{typ: "buckt_imported_bucket", name: "five", limit: 5}, 5, 1, 1),
			step("limit 5 of the buckets named by prefix", queryBlock{typ: "buckt_imported_bucket", name: "prefixed", limit: 5,
				filters: map[string]string{"name_prefix": "small-"}}, 5, pagesFor(1000)+1, pagesFor(1000)+1),
		},
	})
}

// TestAccQuery_importPlanCostsLittleMoreThanTheQuery: the import blocks that
// `terraform query -generate-config-out` writes name each object by its
// identity alone, so the plan that imports them reads buckets without knowing
// their connection. In an organisation of 1,150 imported buckets, adopting one
// connection with its role and 150 buckets plans for at most 0.15 T + 5
// requests (T objects imported): the buckets' first GETs show their
// connection, whose listing serves the rest.
func TestAccQuery_importPlanCostsLittleMoreThanTheQuery(t *testing.T) {
	cli := newAcceptanceCLI(t)
	skipWithoutQuery(t)
	skipAgainstRealBuckt(t, "count the requests of a plan")
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	seedActiveConnection(t, env, "555500000001", "big", 1000, 1000)
	adopted := seedActiveConnection(t, env, "555500000002", "small", 150, 150)
	plugins, dir := t.TempDir(), t.TempDir()
	buildProvider(t, filepath.Join(plugins, "terraform-provider-buckt"))
	writeFile(t, filepath.Join(dir, "main.tf"), env.config(""))
	writeFile(t, filepath.Join(dir, "adopt.tfquery.hcl"), queryFile(
		queryBlock{typ: "buckt_aws_account", name: "connection", includeResource: true, limit: limitAbove,
			filters: map[string]string{"aws_account_id": adopted.awsAccountID}},
		queryBlock{typ: "buckt_aws_account_role", name: "role", includeResource: true, limit: limitAbove,
			filters: map[string]string{"aws_account_id": adopted.awsAccountID}},
		queryBlock{typ: "buckt_imported_bucket", name: "buckets", includeResource: true, limit: limitAbove,
			filters: map[string]string{"aws_account": adopted.id}},
	))
	if out, err := cli.runWith(t, dir, plugins, "query", "-generate-config-out=generated.tf", "-no-color"); err != nil {
		t.Fatalf("terraform query: %v\n%s", err, out)
	}
	env.emu.ResetStats()
	out, err := cli.runWith(t, dir, plugins, "plan", "-no-color")
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	const imported = 1 + 1 + 150
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", imported); !strings.Contains(out, want) {
		t.Fatalf("the plan does not say %q:\n%s", want, out)
	}
	stats := env.emu.Stats()
	total := 0
	for _, n := range stats.Requests {
		total += n
	}
	budget := 0.15*imported + 5
	t.Logf("the plan importing %d objects cost %d requests: %v", imported, total, stats.Requests)
	if float64(total) > budget || float64(total) > reads.RefreshBudget(imported) {
		t.Errorf("the plan importing %d objects cost %d requests, budget %.1f: %v", imported, total, budget, stats.Requests)
	}
}
