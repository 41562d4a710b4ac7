package reads

import (
	"context"
	"errors"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

const testRoleARN = "arn:aws:iam::111122223333:role/BucktAccess"

// finderOrg holds one connection with an IAM role attached and one without.
type finderOrg struct {
	*testOrg
	withRole, withoutRole string
}

func newFinderOrg(t *testing.T) finderOrg {
	t.Helper()
	org := finderOrg{testOrg: newTestOrg(t, emulator.Options{})}
	for _, id := range []*string{&org.withRole, &org.withoutRole} {
		var err error
		if *id, err = org.client.ConnectAWSAccount(t.Context(), nil); err != nil {
			t.Fatal(err)
		}
	}
	org.attach(org.withRole)
	return org
}

// attach puts the test role on connection id, outside the reader under test.
func (o finderOrg) attach(id string) {
	o.t.Helper()
	if err := o.client.UpdateAWSAccount(context.Background(), id, buckt.AWSAccountUpdate{RoleARN: buckt.SetTo(testRoleARN)}); err != nil {
		o.t.Fatal(err)
	}
}

// readers are the ways a Reads answers: by GET, and from a walked listing.
func (o finderOrg) readers(t *testing.T) map[string]*Reads {
	t.Helper()
	listed := New(o.client, nil)
	if _, err := listed.AWSAccounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	return map[string]*Reads{"by GET": New(o.client, nil), "from a listing": listed}
}

// TestFinders: through every reader, a connection without a role is found by
// AWSAccount but is a gone attachment to RoleAttachment, told apart from a
// connection that does not exist; FindRoleAttachment, over one GET, agrees.
func TestFinders(t *testing.T) {
	org := newFinderOrg(t)
	for name, r := range org.readers(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			expectFinders(t, org, r.AWSAccount, r.RoleAttachment)
			if account, err := r.AWSAccount(ctx, org.withoutRole); err != nil || account.ID != org.withoutRole || account.RoleARN != nil {
				t.Errorf("connection without a role: got %+v, %v; want %s, found", account, err, org.withoutRole)
			}
		})
	}
	t.Run("FindRoleAttachment", func(t *testing.T) {
		expectFinders(t, org, org.client.GetAWSAccount, func(ctx context.Context, id string) (*buckt.AWSAccount, error) {
			return FindRoleAttachment(ctx, org.client.GetAWSAccount, id)
		})
	})
}

// expectFinders checks what an attachment finder answers for org's two
// connections and a missing one; get reads a connection as the finder does.
func expectFinders(t *testing.T, org finderOrg, get, attachment func(context.Context, string) (*buckt.AWSAccount, error)) {
	t.Helper()
	ctx := t.Context()
	account, err := attachment(ctx, org.withRole)
	if err != nil || account.ID != org.withRole || account.RoleARN == nil || *account.RoleARN != testRoleARN {
		t.Errorf("attachment: got %+v, %v; want %s with role %s", account, err, org.withRole, testRoleARN)
	}
	account, err = attachment(ctx, org.withoutRole)
	var apiErr *buckt.APIError
	switch {
	case account != nil:
		t.Errorf("attachment without a role: found %+v, want none", account)
	case !errors.Is(err, ErrNoRoleAttached) || !buckt.IsNotFound(err):
		t.Errorf("attachment without a role: error %v, want ErrNoRoleAttached, which buckt.IsNotFound recognises", err)
	case errors.As(err, &apiErr):
		t.Errorf("attachment without a role: error %v is an API error, but the API answered 200", err)
	}
	const missing = "awa_doesnotexist"
	if account, err := get(ctx, missing); account != nil || !buckt.IsNotFound(err) {
		t.Errorf("a missing connection: got %+v, %v; want a 404", account, err)
	}
	if account, err := attachment(ctx, missing); account != nil || !buckt.IsNotFound(err) || errors.Is(err, ErrNoRoleAttached) {
		t.Errorf("the attachment of a missing connection: got %+v, %v; want the connection's 404", account, err)
	}
}

// TestFinders_listingMissIsConfirmedByGet: what a walked listing did not show
// (a connection made after the walk, or that moved between its pages) is
// read by GET, never answered "gone"; a role the listing did not show is
// looked for by GET before the attachment is called gone.
func TestFinders_listingMissIsConfirmedByGet(t *testing.T) {
	org := newFinderOrg(t)
	r := org.readers(t)["from a listing"]
	ctx := t.Context()
	late, err := org.client.ConnectAWSAccount(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	org.attach(org.withoutRole)
	org.emu.ResetStats()

	if account, err := r.AWSAccount(ctx, late); err != nil || account.ID != late {
		t.Errorf("a connection the walk did not show: got %+v, %v; want it found by GET", account, err)
	}
	if account, err := r.RoleAttachment(ctx, org.withoutRole); err != nil || account.RoleARN == nil {
		t.Errorf("a role attached after the walk: got %+v, %v; want the attachment found by GET", account, err)
	}
	org.expectRequests(map[string]int{emulator.RouteGetAWSAccount: 2})
}
