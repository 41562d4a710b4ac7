package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// testLabelPrefix starts the label of every connection an acceptance test
// makes against a real Buckt, so that the sweepers can find what a failed run
// left behind.
const testLabelPrefix = "tf-acc-"

// Sweepers remove what failed acceptance runs left in a real Buckt:
// `go test ./internal/provider -sweep=all` (make sweep), with BUCKT_ENDPOINT
// and BUCKT_API_KEY set. Only connections labelled testLabelPrefix... are
// touched: their imported buckets are released (the S3 buckets stay), then
// they are disconnected. Running them again finds nothing to do.
func init() {
	resource.AddTestSweepers("buckt_imported_bucket", &resource.Sweeper{
		Name: "buckt_imported_bucket",
		F:    func(string) error { return sweep(releaseTestBuckets) },
	})
	resource.AddTestSweepers("buckt_aws_account", &resource.Sweeper{
		Name:         "buckt_aws_account",
		Dependencies: []string{"buckt_imported_bucket"},
		F:            func(string) error { return sweep(disconnectTestAccounts) },
	})
}

// sweep runs one sweeper step with a client from the environment.
func sweep(step func(context.Context, *buckt.Client, []buckt.AWSAccount) error) error {
	endpoint, apiKey := os.Getenv(envEndpoint), os.Getenv(envAPIKey)
	if endpoint == "" || apiKey == "" {
		return fmt.Errorf("sweepers clean a real Buckt: set %s and %s", envEndpoint, envAPIKey)
	}
	client, err := buckt.New(buckt.Config{Endpoint: endpoint, APIKey: apiKey, MaxRetries: 3})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	accounts, err := testAccounts(ctx, client)
	if err != nil {
		return err
	}
	return step(ctx, client, accounts)
}

// testAccounts are the connections whose label starts with testLabelPrefix.
func testAccounts(ctx context.Context, client *buckt.Client) ([]buckt.AWSAccount, error) {
	all, err := client.ListAWSAccounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing connections: %w", err)
	}
	var test []buckt.AWSAccount
	for _, a := range all {
		if a.Label != nil && strings.HasPrefix(*a.Label, testLabelPrefix) {
			test = append(test, a)
		}
	}
	return test, nil
}

// releaseTestBuckets releases every bucket imported through a test connection.
func releaseTestBuckets(ctx context.Context, client *buckt.Client, accounts []buckt.AWSAccount) error {
	var errs []error
	for _, a := range accounts {
		buckets, err := client.ListBuckets(ctx, a.ID)
		if err != nil {
			errs = append(errs, fmt.Errorf("listing the buckets of %s: %w", a.ID, err))
			continue
		}
		for _, b := range buckets {
			if err := client.DeleteBucket(ctx, b.ID); err != nil && !buckt.IsNotFound(err) {
				errs = append(errs, fmt.Errorf("releasing %s (%s): %w", b.ID, b.Name, err))
			}
		}
	}
	return errors.Join(errs...)
}

// disconnectTestAccounts disconnects every test connection.
func disconnectTestAccounts(ctx context.Context, client *buckt.Client, accounts []buckt.AWSAccount) error {
	var errs []error
	for _, a := range accounts {
		if err := client.DisconnectAWSAccount(ctx, a.ID); err != nil && !buckt.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("disconnecting %s (%s): %w", a.ID, *a.Label, err))
		}
	}
	return errors.Join(errs...)
}

// TestSweepersRemoveLeftoversTwice plants what failed runs leave (test
// connections, one with imported buckets, one pending) beside connections that
// are not the tests', runs the sweepers in their dependency order twice, and
// checks that only the test connections went, their S3 buckets untouched.
func TestSweepersRemoveLeftoversTwice(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	emu := env.onlyOnEmulator("plant leftovers and see S3")
	aws := env.aws()
	names := aws.buckets(t, 2)
	ctx := env.ctx()
	connect := func(label string, validate bool) string {
		id, err := env.client.ConnectAWSAccount(ctx, &label)
		if err != nil {
			t.Fatal(err)
		}
		if validate {
			if err := env.client.UpdateAWSAccount(ctx, id, patchRole(aws.roleARN())); err != nil {
				t.Fatal(err)
			}
			if err := env.client.ValidateAWSAccount(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	leftover := connect(testLabelPrefix+"leftover", true)
	if _, err := env.client.ImportBuckets(ctx, leftover, names); err != nil {
		t.Fatal(err)
	}
	connect(testLabelPrefix+"pending", false)
	production := connect("production", true)
	if _, err := env.client.ConnectAWSAccount(ctx, nil); err != nil { // no label at all
		t.Fatal(err)
	}

	t.Setenv(envEndpoint, env.endpoint)
	t.Setenv(envAPIKey, env.apiKey)
	for run := 1; run <= 2; run++ {
		if err := sweep(releaseTestBuckets); err != nil {
			t.Fatalf("run %d: buckt_imported_bucket sweeper: %v", run, err)
		}
		if err := sweep(disconnectTestAccounts); err != nil {
			t.Fatalf("run %d: buckt_aws_account sweeper: %v", run, err)
		}
		stats := emu.Stats()
		if stats.Accounts != 2 || stats.Buckets != 0 {
			t.Fatalf("run %d left %d connections and %d imported buckets, want the 2 that are not the tests' and none", run, stats.Accounts, stats.Buckets)
		}
		if _, err := env.client.GetAWSAccount(ctx, production); err != nil {
			t.Fatalf("run %d: the production connection: %v", run, err)
		}
	}
	if err := checkS3Untouched(env, names...)(); err != nil {
		t.Error(err)
	}
}
