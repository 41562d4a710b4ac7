// The acceptance harness, part 1 of 3: the environment. testEnv is the Buckt
// a test runs against (the emulator, or a real Buckt from the environment),
// with its AWS fixtures, its request counters, the skips for what only the
// emulator or some CLIs can do, and the Terraform CLI run directly. Checks are
// in acc_checks_test.go, configurations in acc_config_test.go.

package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// testProviders serves the provider in-process to the real Terraform CLI: the
// server main.go serves (ProtocolServerFactory), made when a test step starts
// the provider, so that a test which sets TF_LOG first (secrets_test.go) gets
// the server a user asking for logs gets, and every other test the lean one.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"buckt": func() (tfprotov6.ProviderServer, error) { return ProtocolServerFactory("test", false)(), nil },
}

// TestMain makes the acceptance tests serve the provider at its real address,
// buckt/buckt, so that configurations (and the examples) declare it exactly as
// users do. That address means registry.terraform.io/buckt/buckt to Terraform
// and registry.opentofu.org/buckt/buckt to OpenTofu: the in-process provider is
// served under the host of the CLI at TF_ACC_TERRAFORM_PATH.
func TestMain(m *testing.M) {
	if err := os.Setenv(resource.EnvTfAccProviderNamespace, "buckt"); err != nil {
		panic(err)
	}
	if os.Getenv(resource.EnvTfAccProviderHost) == "" && cliIsOpenTofu(os.Getenv("TF_ACC_TERRAFORM_PATH")) {
		if err := os.Setenv(resource.EnvTfAccProviderHost, openTofuRegistryHost); err != nil {
			panic(err)
		}
	}
	resource.TestMain(m) // runs the sweepers instead of the tests with -sweep
}

// testAPIKey is the emulator's key in tests; it is asserted never to leak.
const testAPIKey = "test-key-d0n0tl3ak"

// testEnv is the Buckt one acceptance test runs against: an in-process emulator
// on 127.0.0.1, or a real Buckt when BUCKT_ENDPOINT and BUCKT_API_KEY are set
// (steps that need the emulator's simulated AWS side then skip themselves).
type testEnv struct {
	t        *testing.T
	endpoint string
	apiKey   string
	emu      *emulator.Server
	client   *buckt.Client
	// acc holds the AWS fixtures once the test took them (see aws).
	acc awsFixtures
}

// newTestEnv starts the test's Buckt. opts tune the emulator (IAM delay, faults).
func newTestEnv(t *testing.T, opts emulator.Options) *testEnv {
	t.Helper()
	env := &testEnv{t: t, endpoint: os.Getenv("BUCKT_ENDPOINT"), apiKey: os.Getenv("BUCKT_API_KEY")}
	if env.endpoint == "" || env.apiKey == "" {
		opts.APIKey = testAPIKey
		// A Buckt written apart from ours: errors in other words (no test may
		// match the emulator's), offset cursors, new items anywhere in listings.
		opts.RewordErrors = opts.RewordErrors || os.Getenv("BUCKT_EMULATOR_REWORD") != ""
		opts.OffsetCursors = opts.OffsetCursors || os.Getenv("BUCKT_EMULATOR_OFFSET_CURSORS") != ""
		opts.UnorderedIDs = opts.UnorderedIDs || os.Getenv("BUCKT_EMULATOR_UNORDERED_IDS") != ""
		emu, err := emulator.Start(opts)
		if err != nil {
			t.Fatalf("starting the emulator: %v", err)
		}
		t.Cleanup(func() { _ = emu.Close() })
		env.emu, env.endpoint, env.apiKey = emu, emu.URL(), testAPIKey
	}
	client, err := buckt.New(buckt.Config{Endpoint: env.endpoint, APIKey: env.apiKey, MaxRetries: 3})
	if err != nil {
		t.Fatal(err)
	}
	env.client = client
	return env
}

// ctx is a context for direct API calls from tests.
func (e *testEnv) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	e.t.Cleanup(cancel)
	return ctx
}

// accountCount is how many connections exist in the emulator.
func (e *testEnv) accountCount() int { return e.onlyOnEmulator("count connections").Stats().Accounts }

// requestsTo is how many requests stats counted for route, one of the
// emulator's Route* constants. Any other key fails the test: a misspelt route
// would otherwise read as zero requests, and a check of none pass.
func requestsTo(t testing.TB, stats emulator.Stats, route string) int {
	t.Helper()
	if !emulator.KnownRoute(route) {
		t.Fatalf("%q is not a route of the emulator, which has %v", route, emulator.Routes())
	}
	return stats.Requests[route]
}

// requests is how many requests the emulator counted for route so far (see
// requestsTo). Only the emulator counts: a test calls onlyOnEmulator first.
func (e *testEnv) requests(t testing.TB, route string) int {
	t.Helper()
	if e.emu == nil {
		t.Fatalf("counting requests to %s needs the emulator: skip with onlyOnEmulator first", route)
	}
	return requestsTo(t, e.emu.Stats(), route)
}

// stubRequest is how the client names a request to route for awa_1, the
// connection of the API stubs: e.g. GET /v1/aws-accounts/awa_1.
func stubRequest(route string) string { return strings.Replace(route, "{id}", "awa_1", 1) }

// patchRole is the PATCH that attaches arn, for out-of-band changes in tests.
func patchRole(arn string) buckt.AWSAccountUpdate {
	return buckt.AWSAccountUpdate{RoleARN: buckt.SetTo(arn)}
}

// detachRole is the PATCH that detaches a connection's role (and its stack),
// for out-of-band changes in tests.
func detachRole() buckt.AWSAccountUpdate {
	return buckt.AWSAccountUpdate{RoleARN: buckt.Clear(), StackID: buckt.Clear()}
}

// The environment of acceptance tests against a real Buckt: a test AWS account
// prepared once, as real acceptance suites take theirs.
const (
	// envAccRoleARN names an IAM role whose trust policy allows Buckt's
	// principal with the condition StringLike sts:ExternalId = "ext_*", so that
	// every connection a test makes validates against it.
	envAccRoleARN = "BUCKT_ACC_ROLE_ARN"
	// envAccBuckets lists S3 buckets in that role's account that Buckt can
	// see, comma-separated (at least minAccBuckets).
	envAccBuckets = "BUCKT_ACC_BUCKETS"
)

// minAccBuckets is the fewest fixture buckets a real Buckt's tests accept.
const minAccBuckets = 5

// awsFixtures is the AWS side of a Buckt an acceptance test needs. The
// emulator's admin side provides it offline; against a real Buckt it is the
// test account named by envAccRoleARN and envAccBuckets.
type awsFixtures interface {
	// roleARN is an IAM role every connection of this Buckt can assume: its
	// trust policy requires sts:ExternalId StringLike "ext_*".
	roleARN() string
	// buckets reserves n S3 buckets in roleARN's account for t alone, until t
	// ends: a bucket can be imported once, so tests must not share them.
	buckets(t *testing.T, n int) []string
}

// awsAccountID is the 12-digit AWS account of a fixture's role.
func awsAccountID(f awsFixtures) string { return strings.Split(f.roleARN(), ":")[4] }

// The emulator's simulated AWS: the test role's account, a second account,
// and a role in each.
const (
	awsAccount      = "111122223333"
	roleARN         = "arn:aws:iam::111122223333:role/BucktAccess"
	otherAWSAccount = "444455556666"
	otherRole       = "arn:aws:iam::444455556666:role/BucktAccessB"
	otherRoleARN    = "arn:aws:iam::444455556666:role/BucktAccess"
)

// emulatedAWS is the emulator's simulated AWS side, with the same role as
// a real test account's.
type emulatedAWS struct{ emu *emulator.Server }

// newEmulatedAWS puts the shared test role into the emulator.
func newEmulatedAWS(emu *emulator.Server) emulatedAWS {
	emu.PutRole(emulator.Role{ARN: roleARN, ExternalIDLike: testRoleExternalIDs})
	return emulatedAWS{emu}
}

// testRoleExternalIDs is the StringLike pattern of the test role's trust
// policy: the external ids of every connection.
const testRoleExternalIDs = "ext_*"

func (e emulatedAWS) roleARN() string { return roleARN }

// buckets creates the buckets in the test's own emulator: names need not be
// unique across tests.
func (e emulatedAWS) buckets(_ *testing.T, n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("acc-bucket-%02d", i+1)
	}
	e.emu.PutS3Buckets(awsAccount, names...)
	return names
}

// testAccountAWS is a real Buckt's test AWS account, from the environment.
type testAccountAWS struct {
	role string
	pool *bucketPool
}

func (a testAccountAWS) roleARN() string { return a.role }

func (a testAccountAWS) buckets(t *testing.T, n int) []string { return a.pool.reserve(t, n) }

// testAccountFromEnvironment reads the fixtures of a real Buckt, or returns
// the reason they cannot be used.
func testAccountFromEnvironment() (awsFixtures, string) {
	role := strings.TrimSpace(os.Getenv(envAccRoleARN))
	var names []string
	for _, name := range strings.Split(os.Getenv(envAccBuckets), ",") {
		if name = strings.TrimSpace(name); name != "" {
			names = append(names, name)
		}
	}
	switch {
	case role == "":
		return nil, fmt.Sprintf("against a real Buckt this test needs %s (an IAM role trusting sts:ExternalId like ext_*) and %s", envAccRoleARN, envAccBuckets)
	case !strings.HasPrefix(role, "arn:") || len(strings.Split(role, ":")) < 6:
		return nil, fmt.Sprintf("%s=%q is not an IAM role ARN", envAccRoleARN, role)
	case len(names) < minAccBuckets:
		return nil, fmt.Sprintf("against a real Buckt this test needs %s to list at least %d S3 buckets of the role's account, got %d",
			envAccBuckets, minAccBuckets, len(names))
	}
	return testAccountAWS{role: role, pool: sharedBucketPool(names)}, ""
}

// bucketPool hands each test its own fixture buckets and waits while others
// hold them: this serialises the tests that need buckets, no more.
type bucketPool struct {
	mu   sync.Mutex
	free *sync.Cond
	idle []string
	size int
}

var (
	sharedPool     *bucketPool
	sharedPoolOnce sync.Once
)

// sharedBucketPool is the one pool of the test binary.
func sharedBucketPool(names []string) *bucketPool {
	sharedPoolOnce.Do(func() {
		sharedPool = &bucketPool{idle: names, size: len(names)}
		sharedPool.free = sync.NewCond(&sharedPool.mu)
	})
	return sharedPool
}

// reserve takes n buckets for t, returned when t ends (after its destroy).
func (p *bucketPool) reserve(t *testing.T, n int) []string {
	t.Helper()
	if n > p.size {
		t.Skipf("needs %d buckets, %s lists %d", n, envAccBuckets, p.size)
	}
	p.mu.Lock()
	for len(p.idle) < n {
		p.free.Wait()
	}
	taken := p.idle[:n:n]
	p.idle = p.idle[n:]
	p.mu.Unlock()
	t.Cleanup(func() {
		p.mu.Lock()
		p.idle = append(p.idle, taken...)
		p.mu.Unlock()
		p.free.Broadcast()
	})
	return taken
}

// testAccountUse orders the tests sharing a real Buckt's test AWS account:
// many may validate connections to it at once (read-locked), but a test that
// names a connection by its 12-digit AWS account id needs the only validated
// one (write-locked).
var testAccountUse sync.RWMutex

// aws returns the test's AWS fixtures, skipping the test (with the reason)
// against a real Buckt without them. A test that takes fixtures calls
// t.Parallel() first and then resource.Test, never resource.ParallelTest: a
// parallel test pauses in t.Parallel() until the sequential ones end, and
// must not hold buckets or the account while it waits.
func (e *testEnv) aws() awsFixtures {
	e.t.Helper()
	return e.fixtures(false)
}

// awsExclusive is aws for a test that resolves a connection by its 12-digit
// AWS account id: against a real Buckt it waits until no other test uses the
// account, and keeps it until the test ends.
func (e *testEnv) awsExclusive() awsFixtures {
	e.t.Helper()
	return e.fixtures(true)
}

func (e *testEnv) fixtures(exclusive bool) awsFixtures {
	e.t.Helper()
	switch {
	case e.acc != nil:
		return e.acc
	case e.emu != nil:
		e.acc = newEmulatedAWS(e.emu)
		return e.acc
	}
	fixtures, reason := testAccountFromEnvironment()
	if fixtures == nil {
		e.t.Skip(reason)
	}
	if exclusive {
		testAccountUse.Lock()
		e.t.Cleanup(testAccountUse.Unlock)
	} else {
		testAccountUse.RLock()
		e.t.Cleanup(testAccountUse.RUnlock)
	}
	e.acc = fixtures
	return fixtures
}

// unassumableRole is a role in the fixtures' AWS account that nobody
// deploys: Buckt is denied every validation of it, with the same AccessDenied
// as for a role that does not trust the connection.
func unassumableRole(f awsFixtures) string {
	account := strings.SplitN(f.roleARN(), ":", 6)[:5] // arn:partition:iam::123456789012
	return strings.Join(account, ":") + ":role/tf-acc-no-such-role"
}

// uniqueLabel is a test label (tf-acc-name-…) no other test or run uses, for
// a test that finds its connection among others' in a real Buckt.
func uniqueLabel(t *testing.T, name string) string {
	t.Helper()
	suffix := make([]byte, 4)
	if _, err := rand.Read(suffix); err != nil {
		t.Fatal(err)
	}
	return testLabelPrefix + name + "-" + hex.EncodeToString(suffix)
}

// hasLabel reports whether a connection is labelled label.
func hasLabel(label string) func(buckt.AWSAccount) bool {
	return func(a buckt.AWSAccount) bool { return a.Label != nil && *a.Label == label }
}

// connectionLabelled is the one connection labelled label, asked through the
// API; on the emulator, which holds only the test's connections, it must be
// the only connection at all.
func (e *testEnv) connectionLabelled(t *testing.T, label string) buckt.AWSAccount {
	t.Helper()
	accounts, err := e.client.ListAWSAccounts(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	var found []buckt.AWSAccount
	for _, a := range accounts {
		if hasLabel(label)(a) {
			found = append(found, a)
		}
	}
	if len(found) != 1 || (e.emu != nil && len(accounts) != 1) {
		t.Fatalf("%d connection(s) labelled %s among %d, want exactly one", len(found), label, len(accounts))
	}
	return found[0]
}

// roleTrust deploys roles in the emulator's AWS that trust one connection, the
// way an operator would after connecting it: a step's state check learns the
// connection's external_id, a later step's PreConfig deploys the role.
type roleTrust struct {
	emu        *emulator.Server
	address    string
	externalID captured
}

// trustingRoles is a roleTrust for the connection at address.
func trustingRoles(emu *emulator.Server, address string) *roleTrust {
	return &roleTrust{emu: emu, address: address}
}

// learn is the state check that reads the connection's external_id.
func (r *roleTrust) learn() statecheck.StateCheck {
	return capture(r.address, "external_id", &r.externalID)
}

// deploy puts the role arn, trusting the connection, for a PreConfig.
func (r *roleTrust) deploy(arn string) func() {
	return func() { r.emu.PutRole(emulator.Role{ARN: arn, ExternalID: r.externalID.value}) }
}

// bucketNames are "<prefix>-<i>" for i in [from, to).
func bucketNames(prefix string, from, to int) []string {
	var names []string
	for i := from; i < to; i++ {
		names = append(names, fmt.Sprintf("%s-%04d", prefix, i))
	}
	return names
}

// seededConnection is an active connection made outside Terraform, with its
// AWS account's S3 buckets.
type seededConnection struct {
	id, awsAccountID string
}

// seedActiveConnection connects AWS account number through a role that needs
// no external id, validates it, creates s3 buckets "<prefix>-<i>" and imports
// the first imported of them into Buckt.
func seedActiveConnection(t *testing.T, env *testEnv, number, prefix string, s3, imported int) seededConnection {
	t.Helper()
	ctx := env.ctx()
	arn := "arn:aws:iam::" + number + ":role/Buckt"
	env.onlyOnEmulator("seed an organization of connections in many AWS accounts").PutRole(emulator.Role{ARN: arn})
	names := make([]string, s3)
	for i := range names {
		names[i] = fmt.Sprintf("%s-%04d", prefix, i)
	}
	env.emu.PutS3Buckets(number, names...)
	id, err := env.client.ConnectAWSAccount(ctx, nil)
	if err == nil {
		err = env.client.UpdateAWSAccount(ctx, id, patchRole(arn))
	}
	if err == nil {
		err = env.client.ValidateAWSAccount(ctx, id)
	}
	for start := 0; err == nil && start < imported; start += 100 {
		_, err = env.client.ImportBuckets(ctx, id, names[start:min(start+100, imported)])
	}
	if err != nil {
		t.Fatal(err)
	}
	return seededConnection{id: id, awsAccountID: number}
}

// connectOutsideTerraform connects a connection labelled label with the role
// arn attached, not validated, as the dashboard would, and returns its id.
// Against a real Buckt it is removed when the test ends, after the buckets
// imported through it are released.
func connectOutsideTerraform(t *testing.T, env *testEnv, label, arn string) string {
	t.Helper()
	id, err := env.client.ConnectAWSAccount(env.ctx(), &label)
	if err != nil {
		t.Fatal(err)
	}
	if env.emu == nil {
		t.Cleanup(func() { removeConnection(t, env.client, id) })
	}
	if err := env.client.UpdateAWSAccount(env.ctx(), id, patchRole(arn)); err != nil {
		t.Fatal(err)
	}
	return id
}

// validatedOutsideTerraform is connectOutsideTerraform with the role validated.
func validatedOutsideTerraform(t *testing.T, env *testEnv, label, arn string) string {
	t.Helper()
	id := connectOutsideTerraform(t, env, label, arn)
	if err := env.client.ValidateAWSAccount(env.ctx(), id); err != nil {
		t.Fatalf("validating %s (%s) by hand: %v", id, arn, err)
	}
	return id
}

// removeConnection releases the buckets imported through connection id and
// disconnects it, unless a test's destroy did already.
func removeConnection(t *testing.T, client *buckt.Client, id string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gone := func(err error) bool { return err == nil || buckt.IsNotFound(err) }
	buckets, err := client.ListBuckets(ctx, id)
	for i := 0; i < len(buckets) && gone(err); i++ {
		err = client.DeleteBucket(ctx, buckets[i].ID)
	}
	if gone(err) {
		err = client.DisconnectAWSAccount(ctx, id)
	}
	if !gone(err) {
		t.Errorf("removing connection %s: %v", id, err)
	}
}

// importOutOfBand imports names through the connection behind accountID
// directly with the API, as someone clicking in the dashboard would, and
// records their bkt_ ids by name in ids.
func importOutOfBand(t *testing.T, env *testEnv, accountID string, names []string, ids map[string]string) {
	t.Helper()
	got, err := env.client.ImportBuckets(env.ctx(), accountID, names)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range names {
		ids[name] = got[i]
	}
}

// skipAgainstRealBuckt skips, before it creates anything, a test whose every
// case needs the emulator (see onlyOnEmulator), so that it is not counted as
// passed with all its subtests skipped.
func skipAgainstRealBuckt(t *testing.T, why string) {
	t.Helper()
	if os.Getenv(envEndpoint) != "" && os.Getenv(envAPIKey) != "" {
		t.Skipf("needs the emulator to %s; skipped against a real Buckt", why)
	}
}

// onlyOnEmulator skips a test that needs what only the emulator can do
// (inject faults, delay IAM, change AWS or Buckt out of band, count requests),
// saying which, against a real Buckt.
func (e *testEnv) onlyOnEmulator(why string) *emulator.Server {
	e.t.Helper()
	if e.emu == nil {
		e.t.Skipf("needs the emulator to %s; skipped against a real Buckt", why)
	}
	return e.emu
}

// checkOnEmulator is a check of what only the emulator sees (request counts,
// its records), which it hands to check; against a real Buckt it passes and
// logs that it was left out and why ("count validations").
func (e *testEnv) checkOnEmulator(why string, check func(*emulator.Server) error) func() error {
	return func() error {
		if e.emu == nil {
			e.t.Logf("not checked against a real Buckt: it needs the emulator to %s", why)
			return nil
		}
		return check(e.emu)
	}
}

// doOnEmulator is a PreConfig that acts on the emulator (resets its
// counters, injects a fault); against a real Buckt it logs that it was left
// out and why.
func (e *testEnv) doOnEmulator(why string, act func(*emulator.Server)) func() {
	return func() {
		if e.emu == nil {
			e.t.Logf("not done against a real Buckt: it needs the emulator to %s", why)
			return
		}
		act(e.emu)
	}
}

// resetStats is a PreConfig that zeroes the emulator's request counters
// before a step whose requests a checkOnEmulator counts.
func (e *testEnv) resetStats() func() {
	return e.doOnEmulator("count requests", (*emulator.Server).ResetStats)
}

// stepsOnEmulator are steps that need the emulator (why): all of them on it,
// none against a real Buckt, where the test runs its other steps.
func (e *testEnv) stepsOnEmulator(why string, steps ...resource.TestStep) []resource.TestStep {
	if e.emu == nil {
		e.t.Logf("%d step(s) left out against a real Buckt: they need the emulator to %s", len(steps), why)
		return nil
	}
	return steps
}

// skipWithoutQuery skips, before anything is seeded, a test of list resources
// on a CLI without `terraform query`: OpenTofu of any version, or Terraform
// before 1.14.
func skipWithoutQuery(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		return // the test case's queryCLIs check the CLI terraform-plugin-testing finds
	}
	if cliIsOpenTofu(cli) {
		t.Skipf("%s is OpenTofu, which has no list resources or query command", cli)
	}
	if v := terraformVersion(t, cli); !versionAtLeast(v, tfversion.Version1_14_0) {
		t.Skipf("Terraform %s has no list resources: terraform query needs 1.14.0 or later", v)
	}
}

// skipOnOpenTofu skips a test of actions on OpenTofu, whatever its version.
func skipOnOpenTofu(t *testing.T) {
	t.Helper()
	if cliIsOpenTofu(os.Getenv("TF_ACC_TERRAFORM_PATH")) {
		t.Skip("OpenTofu has no actions")
	}
}

// queryCLIs are the CLIs with list resources and `terraform query`: Terraform
// 1.14 and later (OpenTofu has neither: see skipWithoutQuery).
var queryCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.14.0")))}

// identityCLIs are the CLIs with resource identity: Terraform and OpenTofu 1.12.
var identityCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.12.0")))}

// functionsVersions: provider-defined functions need Terraform 1.8 or later.
var functionsVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// actionsVersions skips a resource.Test below Terraform 1.14.
var actionsVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// The hosts the provider's source address buckt/buckt expands to: Terraform
// resolves it on its registry, OpenTofu on its own.
const (
	terraformRegistryHost = "registry.terraform.io"
	openTofuRegistryHost  = "registry.opentofu.org"
)

// cliCommandTimeout bounds one CLI command a test runs directly.
const cliCommandTimeout = 5 * time.Minute

// cliIsOpenTofu reports whether the CLI at path is OpenTofu, which prints
// "OpenTofu v..." where Terraform prints "Terraform v..." (both name their
// version terraform_version in version -json).
func cliIsOpenTofu(path string) bool {
	if path == "" {
		return false
	}
	cmd := exec.Command(path, "version")
	cmd.Env = cliEnv("TF_CLI_CONFIG_FILE=" + os.DevNull)
	out, err := cmd.Output()
	return err == nil && strings.HasPrefix(string(out), "OpenTofu")
}

// registryHost is the host buckt/buckt means to the CLI at path.
func registryHost(path string) string {
	if cliIsOpenTofu(path) {
		return openTofuRegistryHost
	}
	return terraformRegistryHost
}

// devOverridesCLIConfig is a CLI configuration that runs the provider binary
// in pluginDir for buckt/buckt on both registry hosts, so one file serves
// Terraform and OpenTofu. With it no init is needed (nor possible offline).
func devOverridesCLIConfig(pluginDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    "%[2]s/buckt/buckt" = %[1]q
    "%[3]s/buckt/buckt" = %[1]q
  }
  direct {}
}
`, pluginDir, terraformRegistryHost, openTofuRegistryHost)
}

// terraformVersion is the CLI's version, from terraform version -json.
func terraformVersion(t *testing.T, terraform string) string {
	t.Helper()
	cmd := exec.Command(terraform, "version", "-json")
	cmd.Dir = t.TempDir()
	cmd.Env = cliEnv("TF_CLI_CONFIG_FILE=" + os.DevNull)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", terraform, err)
	}
	var version struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &version); err != nil {
		t.Fatalf("%s version -json printed %q: %v", terraform, out, err)
	}
	return version.TerraformVersion
}

// versionAtLeast reports whether v (e.g. "1.11.4") is minimum or later; a
// version it cannot read counts as older.
func versionAtLeast(v string, minimum *version.Version) bool {
	got, err := version.NewVersion(v)
	return err == nil && got.GreaterThanOrEqual(minimum)
}

// repoRoot is the module root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at the repository root %s: %v", root, err)
	}
	return root
}

// writeFile writes content to path, creating its directory.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cliEnv is the environment of a terraform command: this process's without
// its TF_ and BUCKT_ variables (neither the test harness's settings nor a
// developer's may change the run), then extra.
func cliEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "BUCKT_") {
			env = append(env, kv)
		}
	}
	return append(append(env, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"), extra...)
}

// acceptanceCLI is the Terraform or OpenTofu CLI at TF_ACC_TERRAFORM_PATH,
// run directly (not through terraform-plugin-testing) with a provider binary
// installed by dev_overrides.
type acceptanceCLI struct{ path string }

// newAcceptanceCLI skips the test unless TF_ACC and TF_ACC_TERRAFORM_PATH are set.
func newAcceptanceCLI(t *testing.T) *acceptanceCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH is not set: this test runs that CLI")
	}
	return &acceptanceCLI{path: path}
}

// runWith runs the CLI in dir with the provider binary in pluginDir and
// returns its combined output. A plan's -detailed-exitcode 2 is an error.
func (c *acceptanceCLI) runWith(t *testing.T, dir, pluginDir string, args ...string) (string, error) {
	t.Helper()
	config := filepath.Join(pluginDir, "dev-overrides.tfrc")
	if _, err := os.Stat(config); errors.Is(err, os.ErrNotExist) {
		writeFile(t, config, devOverridesCLIConfig(pluginDir))
	}
	return c.run(t, dir, []string{"TF_CLI_CONFIG_FILE=" + config}, args...)
}

// run runs the CLI with args in dir, in cliEnv(env...), and returns its
// combined output.
func (c *acceptanceCLI) run(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), cliCommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.path, args...)
	cmd.Dir = dir
	cmd.Env = cliEnv(env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
