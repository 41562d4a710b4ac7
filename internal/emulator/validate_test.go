package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	clock := newFakeClock()
	c := start(t, Options{Clock: clock, IAMPropagationDelay: 10 * time.Second})
	const roleARN = "arn:aws:iam::111122223333:role/BucktAccess"
	assumeDenied := "AccessDenied: User: arn:aws:sts::999988887777:assumed-role/BucktService/buckt-validation is not authorized to perform: sts:AssumeRole on resource: " + roleARN

	// setup connects an account pointing at roleARN and puts the role that
	// edit makes of a correct one; it returns the account id.
	setup := func(edit func(*Role)) string {
		id := c.connect("")
		c.do(http.StatusOK, "PATCH", "/v1/aws-accounts/"+id, map[string]string{"roleArn": roleARN})
		r := Role{ARN: roleARN, ExternalID: c.account(id).ExternalID}
		edit(&r)
		c.srv.PutRole(r)
		return id
	}
	validate := func(id string) (int, errorBody) {
		r, err := c.send("POST", "/v1/aws-accounts/"+id+"/validate", nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.status == http.StatusOK {
			return r.status, errorBody{}
		}
		return r.status, r.apiError(t)
	}
	wantFailure := func(t *testing.T, id, message string) {
		t.Helper()
		status, e := validate(id)
		if status != 422 || e.Type != "validation_error" || e.Code != "aws_access_denied" || e.Message != message {
			t.Fatalf("validate: %d %+v, want 422 %q", status, e, message)
		}
		if a := c.account(id); a.Status != "failed" || a.AWSAccountID != nil {
			t.Fatalf("after a failed validate: %+v", a)
		}
	}

	t.Run("no role ARN", func(t *testing.T) {
		id := c.connect("")
		e := c.fails(422, "validation_error", "roleArn", "POST", "/v1/aws-accounts/"+id+"/validate", nil)
		want := "AWS account " + id + " has no roleArn: set one with PATCH /v1/aws-accounts/" + id + " before validating"
		if e.Message != want || c.account(id).Status != "pending" {
			t.Fatalf("got %q", e.Message)
		}
	})
	t.Run("role missing", func(t *testing.T) {
		id := c.connect("")
		c.do(http.StatusOK, "PATCH", "/v1/aws-accounts/"+id, map[string]string{"roleArn": "arn:aws:iam::111122223333:role/Missing"})
		wantFailure(t, id, strings.Replace(assumeDenied, "BucktAccess", "Missing", 1))
	})
	t.Run("propagation delay", func(t *testing.T) {
		id := setup(func(*Role) {})
		clock.Advance(9 * time.Second)
		wantFailure(t, id, assumeDenied)
		clock.Advance(time.Second)
		if status, e := validate(id); status != http.StatusOK {
			t.Fatalf("after the delay: %d %+v", status, e)
		}
		a := c.account(id)
		if a.Status != "active" || *a.AWSAccountID != "111122223333" || *a.LastValidatedAt != "2026-04-25T12:00:10Z" || a.UpdatedAt != *a.LastValidatedAt {
			t.Fatalf("after success: %+v", a)
		}
	})
	t.Run("wrong external id", func(t *testing.T) {
		id := setup(func(r *Role) { r.ExternalID = "ext_someoneElse12345" })
		clock.Advance(time.Minute)
		wantFailure(t, id, assumeDenied)
	})
	t.Run("no external id condition", func(t *testing.T) {
		id := setup(func(r *Role) { r.ExternalID = "" })
		clock.Advance(time.Minute)
		if status, e := validate(id); status != http.StatusOK {
			t.Fatalf("%d %+v", status, e)
		}
	})
	t.Run("StringLike external id pattern trusts every matching connection", func(t *testing.T) {
		id := setup(func(r *Role) { r.ExternalID, r.ExternalIDLike = "", "ext_*" })
		clock.Advance(time.Minute)
		if status, e := validate(id); status != http.StatusOK {
			t.Fatalf("%d %+v", status, e)
		}
	})
	t.Run("StringLike is case-sensitive", func(t *testing.T) {
		id := setup(func(r *Role) { r.ExternalID, r.ExternalIDLike = "", "EXT_*" })
		clock.Advance(time.Minute)
		wantFailure(t, id, assumeDenied)
	})
	t.Run("wrong principal", func(t *testing.T) {
		id := setup(func(r *Role) { r.TrustedPrincipal = "arn:aws:iam::123456789012:root" })
		clock.Advance(time.Minute)
		wantFailure(t, id, assumeDenied)
	})
	t.Run("missing permission", func(t *testing.T) {
		id := setup(func(r *Role) { r.Permissions = []string{"s3:GetBucketLocation", "s3:GetObject"} })
		clock.Advance(time.Minute)
		wantFailure(t, id, "AccessDenied: User: arn:aws:sts::111122223333:assumed-role/BucktAccess/buckt-validation is not authorized to perform: s3:ListAllMyBuckets")
		c.srv.PutRole(Role{ARN: roleARN, ExternalID: c.account(id).ExternalID, Permissions: []string{"s3:List*"}})
		clock.Advance(time.Minute)
		wantFailure(t, id, "AccessDenied: User: arn:aws:sts::111122223333:assumed-role/BucktAccess/buckt-validation is not authorized to perform: s3:GetBucketLocation")
	})
	t.Run("wildcard permissions", func(t *testing.T) {
		id := setup(func(r *Role) { r.Permissions = []string{"S3:*"} })
		clock.Advance(time.Minute)
		if status, e := validate(id); status != http.StatusOK {
			t.Fatalf("%d %+v", status, e)
		}
	})
	t.Run("unknown account", func(t *testing.T) {
		c.fails(404, "not_found_error", "", "POST", "/v1/aws-accounts/awa_missing/validate", nil)
	})
}

func TestPutRolePropagatesOnlyChanges(t *testing.T) {
	clock := newFakeClock()
	e := New(Options{Clock: clock})
	r := e.PutRole(Role{ARN: "arn:aws:iam::111122223333:role/R", Permissions: []string{"s3:*"}})
	if r.TrustedPrincipal != PrincipalARN || !r.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("put: %+v", r)
	}
	clock.Advance(time.Minute)
	if again := e.PutRole(Role{ARN: r.ARN, Permissions: []string{"s3:*"}}); !again.CreatedAt.Equal(r.CreatedAt) {
		t.Fatalf("an identical put propagated anew: %+v", again)
	}
	if changed := e.PutRole(Role{ARN: r.ARN, Permissions: []string{}}); !changed.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("a changed put kept CreatedAt: %+v", changed)
	}
}

func TestWildcardMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, action string
		want            bool
	}{
		{"s3:ListAllMyBuckets", "s3:listallmybuckets", true},
		{"*", "s3:GetBucketLocation", true},
		{"s3:*", "s3:GetBucketLocation", true},
		{"s3:Get*Location", "s3:GetBucketLocation", true},
		{"s3:Get?ucketLocation", "s3:GetBucketLocation", true},
		{"s3:List*", "s3:GetBucketLocation", false},
		{"s3:*Bucket", "s3:GetBucketLocation", false},
		{"s3:ListBucket", "s3:ListAllMyBuckets", false},
		{"", "s3:ListAllMyBuckets", false},
	} {
		if got := wildcardMatch(tc.pattern, tc.action, true); got != tc.want {
			t.Errorf("wildcardMatch(%q, %q) = %v", tc.pattern, tc.action, got)
		}
	}
}
