package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// checkImportedState proves the adoption ended exactly once: the connection
// holds listed buckets, each name once; the instances of the for_each
// resource address are exactly names, and each holds what the API returns
// for its bucket (id, name, connection, created_at).
func checkImportedState(ctx context.Context, env *testEnv, connection, address string, names []string, listed int, state *tfjson.State) error {
	buckets, err := env.client.ListBuckets(ctx, connection)
	if err != nil {
		return err
	}
	byName := map[string]int{}
	for i, b := range buckets {
		if _, twice := byName[b.Name]; twice {
			return fmt.Errorf("S3 bucket %s is imported twice through %s", b.Name, connection)
		}
		byName[b.Name] = i
	}
	if len(buckets) != listed {
		return fmt.Errorf("%d buckets imported through %s, want %d", len(buckets), connection, listed)
	}
	var inState []string
	for _, r := range state.Values.RootModule.Resources {
		if r.Type+"."+r.Name != address {
			continue
		}
		name := fmt.Sprint(r.Index)
		i, ok := byName[name]
		if !ok {
			return fmt.Errorf("%s[%q] is in state but not imported in Buckt", address, name)
		}
		b := buckets[i]
		got := fmt.Sprint(r.AttributeValues["id"], r.AttributeValues["bucket_name"], r.AttributeValues["aws_account"], r.AttributeValues["created_at"])
		if want := fmt.Sprint(b.ID, b.Name, b.AWSAccount, b.CreatedAt); got != want {
			return fmt.Errorf("%s[%q] holds %s, the API answers %s", address, name, got, want)
		}
		inState = append(inState, name)
	}
	slices.Sort(inState)
	if want := slices.Sorted(slices.Values(names)); !slices.Equal(inState, want) {
		return fmt.Errorf("%s holds instances %v, want %v", address, inState, want)
	}
	return nil
}

// importedState is checkImportedState as a state check; the connection's id
// is read when the check runs.
func importedState(env *testEnv, connection *captured, address string, names []string, listed int) statecheck.StateCheck {
	return importedStateCheck{env, connection, address, names, listed}
}

type importedStateCheck struct {
	env        *testEnv
	connection *captured
	address    string
	names      []string
	listed     int
}

func (c importedStateCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = checkImportedState(ctx, c.env, c.connection.value, c.address, c.names, c.listed, req.State)
}

// connectionStep applies config, which holds the prod connection, and
// captures the connection's id.
func connectionStep(config string, id *captured) resource.TestStep {
	return resource.TestStep{Config: config, ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", id)}}
}

// activeProd is the HCL of buckt_aws_account.prod with the test role: an
// active connection.
func activeProd(env *testEnv) string { return prodConnection(withRole(env.aws().roleARN())) }

// literalAdoption is the body of a configuration of the active prod
// connection and one buckt_imported_bucket.all per name, by for_each over a
// literal set.
func literalAdoption(env *testEnv, names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return activeProd(env) + fmt.Sprintf(`resource "buckt_imported_bucket" "all" {
  for_each    = toset([%s])
  aws_account = buckt_aws_account.prod.id
  bucket_name = each.value
}`, strings.Join(quoted, ", "))
}

// mustRunWith is runWith with -no-color that fails the test when the command
// fails, and returns its output.
func (c *acceptanceCLI) mustRunWith(t *testing.T, dir, pluginDir string, args ...string) string {
	t.Helper()
	out, err := c.runWith(t, dir, pluginDir, append(args, "-no-color")...)
	if err != nil {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// totalRequests adds up the requests of every route.
func totalRequests(requests map[string]int) int {
	total := 0
	for _, n := range requests {
		total += n
	}
	return total
}

// Adopting every bucket of an account by for_each over
// buckt_aws_account_s3_buckets shares importBuckets calls: the whole apply
// costs at most 1.2 requests per bucket at Terraform's default parallelism
// and 1.05 at -parallelism=100 (2 before batches), and ends with each bucket
// imported once and state holding what the API returns.
func TestAccImportedBucket_batchedAdoptionCost(t *testing.T) {
	cli := newAcceptanceCLI(t)
	skipAgainstRealBuckt(t, "count the requests of an apply")
	const buckets = 250
	plugins := t.TempDir()
	buildProvider(t, filepath.Join(plugins, "terraform-provider-buckt"))
	for _, tc := range []struct {
		parallelism int
		budget      float64
	}{{10, 1.2}, {100, 1.05}} {
		t.Run(fmt.Sprintf("parallelism %d", tc.parallelism), func(t *testing.T) {
			names := bucketNames("adopt", 0, buckets)
			env := bucketEnv(t, "import hundreds of buckets and count the requests", names...)
			emu := env.emu
			dir := t.TempDir()
			run := func(args ...string) string { return cli.mustRunWith(t, dir, plugins, args...) }
			writeFile(t, filepath.Join(dir, "main.tf"), env.config(activeProd(env)))
			run("apply", "-auto-approve", "-input=false")
			writeFile(t, filepath.Join(dir, "main.tf"), adoptAllConfig(env))
			emu.ResetStats()
			run("apply", "-auto-approve", "-input=false", fmt.Sprintf("-parallelism=%d", tc.parallelism))
			requests := emu.Stats().Requests
			perBucket := float64(totalRequests(requests)) / buckets
			t.Logf("adopting %d buckets at -parallelism=%d: %.3f requests per bucket %v", buckets, tc.parallelism, perBucket, requests)
			if perBucket > tc.budget {
				t.Errorf("%.3f requests per bucket > %.2f: %v", perBucket, tc.budget, requests)
			}

			var state tfjson.State
			if err := json.Unmarshal([]byte(run("show", "-json")), &state); err != nil || state.Values == nil {
				t.Fatalf("show -json: %v", err)
			}
			var connection string
			for _, r := range state.Values.RootModule.Resources {
				if r.Address == prodAccountAddr {
					connection = fmt.Sprint(r.AttributeValues["id"])
				}
			}
			if err := checkImportedState(t.Context(), env, connection, "buckt_imported_bucket.all", names, buckets, &state); err != nil {
				t.Error(err)
			}
			run("plan", "-input=false", "-detailed-exitcode")
			run("destroy", "-auto-approve", "-input=false")
			if err := env.checkNothingLeft(nil); err != nil {
				t.Error(err)
			}
		})
	}
}

// A batch with a name that is not visible and one already imported falls back
// to one import per name: each of the two resources gets its own error with
// its own hint, every other bucket is imported once and saved in state.
func TestAccImportedBucket_batchWithBadNamesGivesEachItsOwnError(t *testing.T) {
	good := bucketNames("batch-good", 0, 4)
	const taken, missing = "batch-taken", "batch-missing"
	env := bucketEnv(t, "count import requests", append(slices.Clone(good), taken)...)
	emu := env.emu
	var prodID captured
	names := append(slices.Clone(good), taken, missing)
	missingHint := `Check that an S3 bucket named "` + missing + `" exists in the AWS account of connection awa_\w+`
	takenHint := `S3 bucket "` + taken + `" is already imported into Buckt`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			connectionStep(env.config(activeProd(env)), &prodID),
			{
				PreConfig: func() {
					importOutOfBand(t, env, prodID.value, []string{taken}, map[string]string{})
					emu.ResetStats()
				},
				Config:      env.config(literalAdoption(env, names)),
				ExpectError: wrapped(`(?s)(` + missingHint + `.*` + takenHint + `|` + takenHint + `.*` + missingHint + `)`),
			},
			{
				PreConfig: func() {
					// One refused batch, then one import per name.
					if n := env.requests(t, emulator.RouteImportBuckets); n != len(names)+1 {
						t.Errorf("%d import requests, want the batch of %d then one per name", n, len(names))
					}
				},
				// The good buckets were saved in state as the API has them: nothing to do.
				Config:           env.config(literalAdoption(env, good)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					importedState(env, &prodID, "buckt_imported_bucket.all", good, len(good)+1),
				},
			},
			// An explicit destroy: the testing library's legacy state shim,
			// used before its own final destroy, rejects for_each instances.
			// The bucket imported by hand has no resource: it is released by hand.
			{
				PreConfig: func() {
					buckets, err := env.client.ListBuckets(env.ctx(), prodID.value)
					for _, b := range buckets {
						if err == nil && b.Name == taken {
							err = env.client.DeleteBucket(env.ctx(), b.ID)
						}
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				Config:  env.config(literalAdoption(env, good)),
				Destroy: true,
			},
		},
	})
}

// Under 503, 429 and responses dropped after the import was done, batches
// and their fallback imports end exactly once: every retry of a batch (or of
// a single import) reuses its idempotency key.
func TestAccFaults_batchedImportsEndExactlyOnce(t *testing.T) {
	all := bucketNames("fault", 0, 40)
	const missing = "fault-missing"
	env := newTestEnv(t, emulator.Options{Seed: 21})
	emu := env.onlyOnEmulator("inject faults")
	emu.PutRole(emulator.Role{ARN: roleARN})
	emu.PutS3Buckets(awsAccount, all...)
	var prodID captured
	config := func(names []string) string {
		return env.configWithProvider("  max_retries = 10\n", literalAdoption(env, names))
	}
	first := all[:30]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			connectionStep(config(nil), &prodID),
			{
				PreConfig: func() {
					emu.ResetStats()
					for _, rule := range []emulator.FaultRule{
						{Route: emulator.RouteImportBuckets, Status: 503, Times: 1},
						{Route: emulator.RouteImportBuckets, Drop: true, Times: 2},
						{Route: emulator.RouteImportBuckets, Status: 429, Times: 1},
					} {
						emu.AddFaultRule(rule)
					}
				},
				Config: config(first),
				ConfigStateChecks: []statecheck.StateCheck{
					importedState(env, &prodID, "buckt_imported_bucket.all", first, len(first)),
					checkFunc(func() error {
						// Each fault costs its request one more attempt.
						if n := env.requests(t, emulator.RouteImportBuckets); n < 5 {
							return fmt.Errorf("%d import requests: the 4 faults did not all hit, so this test proves nothing", n)
						}
						return nil
					}),
				},
			},
			{
				// Random faults on every route while a batch with a name that is
				// not visible falls back to one import per name.
				PreConfig: func() {
					emu.ClearFaultRules()
					emu.SetFaults(emulator.Faults{Unavailable: 0.1, DropAfterCommit: 0.2})
				},
				Config:      config(append(slices.Clone(all), missing)),
				ExpectError: wrapped(`Check that an S3 bucket named "` + missing + `" exists`),
			},
			{
				PreConfig:         func() { emu.SetFaults(emulator.Faults{}) },
				Config:            config(all),
				ConfigStateChecks: []statecheck.StateCheck{importedState(env, &prodID, "buckt_imported_bucket.all", all, len(all))},
			},
			{Config: config(all), Destroy: true},
		},
	})
}
