package provider

import (
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// listFixture is an organisation made by hand through the API, as a person
// would have made it before adopting it with `terraform query`. Its
// connections are labelled with a prefix of their own: a validated one with a
// role, a stack and two imported buckets; one whose role fails validation; a
// pending one; and, on the emulator only, one without a label. Against a real
// Buckt all of it is removed when the test ends.
type listFixture struct {
	prefix, awsAccountID, roleARN, stackID string
	// The connections' awa_ ids; unlabelled is "" against a real Buckt.
	prod, failed, pending, unlabelled string
	// buckets are imported through prod: bkt_ id to bucket name.
	buckets map[string]string
}

// label is the label of the fixture's connection named name.
func (f *listFixture) label(name string) string { return f.prefix + name }

// seedListFixture makes the fixture with aws, which is env.awsExclusive() for
// a test that filters by the 12-digit AWS account id.
func seedListFixture(t *testing.T, env *testEnv, aws awsFixtures) *listFixture {
	t.Helper()
	f := &listFixture{
		prefix: uniqueLabel(t, "list") + "-", awsAccountID: awsAccountID(aws),
		roleARN: aws.roleARN(), buckets: map[string]string{},
	}
	f.stackID = "arn:aws:cloudformation:us-east-1:" + f.awsAccountID + ":stack/tf-acc-list/0a1b2c3d"
	names := aws.buckets(t, 2)
	if env.emu == nil {
		t.Cleanup(func() { f.remove(t, env.client) })
	}
	ctx := env.ctx()
	connect := func(label string, into *string) error {
		var err error
		*into, err = env.client.ConnectAWSAccount(ctx, &label)
		return err
	}
	err := errors.Join(connect(f.label("prod"), &f.prod), connect(f.label("failed"), &f.failed), connect(f.label("pending"), &f.pending))
	if err == nil {
		err = env.client.UpdateAWSAccount(ctx, f.prod, buckt.AWSAccountUpdate{RoleARN: buckt.SetTo(f.roleARN), StackID: buckt.SetTo(f.stackID)})
	}
	if err == nil {
		err = env.client.ValidateAWSAccount(ctx, f.prod)
	}
	if err == nil {
		// A role that does not exist: validation fails and leaves the connection failed.
		err = env.client.UpdateAWSAccount(ctx, f.failed, patchRole("arn:aws:iam::"+f.awsAccountID+":role/tf-acc-list-missing"))
	}
	if err == nil {
		if err = env.client.ValidateAWSAccount(ctx, f.failed); errors.Is(err, buckt.ErrValidation) {
			err = nil
		} else if err == nil {
			err = errors.New("a role that does not exist was validated")
		}
	}
	var ids []string
	if err == nil {
		ids, err = env.client.ImportBuckets(ctx, f.prod, names)
	}
	for i, id := range ids {
		f.buckets[id] = names[i]
	}
	if err == nil && env.emu != nil {
		f.unlabelled, err = env.client.ConnectAWSAccount(ctx, nil)
	}
	if err != nil {
		t.Fatalf("making the list fixture by hand: %v", err)
	}
	return f
}

// remove releases the fixture's buckets and disconnects its connections.
func (f *listFixture) remove(t *testing.T, client *buckt.Client) {
	for _, id := range []string{f.prod, f.failed, f.pending, f.unlabelled} {
		if id != "" {
			removeConnection(t, client, id)
		}
	}
}

// bucketIDs are the ids of the fixture's buckets, sorted.
func (f *listFixture) bucketIDs() []string { return slices.Sorted(maps.Keys(f.buckets)) }

// bucketNames are the fixture's bucket display names by id.
func (f *listFixture) bucketNames() map[string]string { return maps.Clone(f.buckets) }

// fixtureEnv is a test's Buckt with a list fixture: exclusive use of a real
// Buckt's test AWS account when the test filters by its 12-digit id.
func fixtureEnv(t *testing.T, exclusive bool) (*testEnv, *listFixture) {
	t.Helper()
	env := newTestEnv(t, emulator.Options{})
	if exclusive {
		return env, seedListFixture(t, env, env.awsExclusive())
	}
	return env, seedListFixture(t, env, env.aws())
}
