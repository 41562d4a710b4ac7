package provider

import (
	"context"
	"errors"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// finderFixture is an emulator holding one connection with an IAM role
// attached and one without, and the readers the finders are given: the
// client's GET, the batched reader of refreshes, and one whose listing is done.
type finderFixture struct {
	withRole, withoutRole string
	roleARN               string
	readers               map[string]getAWSAccount
}

func newFinderFixture(t *testing.T) finderFixture {
	t.Helper()
	const apiKey = "finder-test-key"
	emu, err := emulator.Start(emulator.Options{APIKey: apiKey})
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() { _ = emu.Close() })
	client, err := buckt.New(buckt.Config{Endpoint: emu.URL(), APIKey: apiKey})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	f := finderFixture{roleARN: "arn:aws:iam::111122223333:role/BucktAccess"}
	for _, id := range []*string{&f.withRole, &f.withoutRole} {
		if *id, err = client.ConnectAWSAccount(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := client.UpdateAWSAccount(ctx, f.withRole, buckt.AWSAccountUpdate{RoleARN: buckt.SetTo(f.roleARN)}); err != nil {
		t.Fatal(err)
	}
	// "listed" answers from a listing page, as a refresh of many connections does.
	listed := newAPIReads(client)
	if _, err := listed.accounts.all(ctx, ""); err != nil {
		t.Fatal(err)
	}
	f.readers = map[string]getAWSAccount{
		"client": client.GetAWSAccount, "batched": newAPIReads(client).getAWSAccount, "listed": listed.getAWSAccount,
	}
	return f
}

// TestFinders: through every reader, a connection without a role is found by
// findAWSAccount but is a gone attachment to findRoleAttachment, told apart
// from a connection that does not exist.
func TestFinders(t *testing.T) {
	f := newFinderFixture(t)
	for name, get := range f.readers {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			account, err := findRoleAttachment(ctx, get, f.withRole)
			if err != nil || account.ID != f.withRole || account.RoleARN == nil || *account.RoleARN != f.roleARN {
				t.Errorf("attachment: got %+v, %v; want %s with role %s", account, err, f.withRole, f.roleARN)
			}

			account, err = findAWSAccount(ctx, get, f.withoutRole)
			if err != nil || account.ID != f.withoutRole || account.RoleARN != nil {
				t.Errorf("connection without a role: got %+v, %v; want %s, found", account, err, f.withoutRole)
			}
			account, err = findRoleAttachment(ctx, get, f.withoutRole)
			var apiErr *buckt.APIError
			switch {
			case account != nil:
				t.Errorf("attachment without a role: found %+v, want none", account)
			case !errors.Is(err, errNoRoleAttached) || !buckt.IsNotFound(err):
				t.Errorf("attachment without a role: error %v, want errNoRoleAttached, which buckt.IsNotFound recognises", err)
			case errors.As(err, &apiErr):
				t.Errorf("attachment without a role: error %v is an API error, but the API answered 200", err)
			}

			const missing = "awa_doesnotexist"
			if account, err := findAWSAccount(ctx, get, missing); account != nil || !buckt.IsNotFound(err) {
				t.Errorf("findAWSAccount of a missing connection: got %+v, %v; want a 404", account, err)
			}
			if account, err := findRoleAttachment(ctx, get, missing); account != nil || !buckt.IsNotFound(err) || errors.Is(err, errNoRoleAttached) {
				t.Errorf("findRoleAttachment of a missing connection: got %+v, %v; want the connection's 404", account, err)
			}
		})
	}
}
