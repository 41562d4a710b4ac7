package provider

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

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
