package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// Every way a role can fail validation gives the AWS message verbatim, how
// long it was retried, and the likely causes with their fixes, from both
// resources that validate a role.
func TestAccRoleValidationFailuresExplainThemselves(t *testing.T) {
	causes := []struct {
		name    string
		role    func(externalID string) *emulator.Role // nil: no such role
		message string
	}{
		{
			name:    "role not assumable",
			message: `AccessDenied: User: \S+ is not authorized to perform: sts:AssumeRole on resource: ` + roleARN,
		},
		{
			name: "trusts another external id",
			role: func(string) *emulator.Role {
				return &emulator.Role{ARN: roleARN, ExternalID: "ext_ofAnotherConnection"}
			},
			message: `AccessDenied: User: \S+ is not authorized to perform: sts:AssumeRole on resource: ` + roleARN,
		},
		{
			name: "no S3 permissions",
			role: func(externalID string) *emulator.Role {
				return &emulator.Role{ARN: roleARN, ExternalID: externalID, Permissions: []string{"s3:GetObject"}}
			},
			message: `AccessDenied: User: arn:aws:sts::111122223333:assumed-role/BucktAccess/\S+ is not authorized to perform: s3:ListAllMyBuckets`,
		},
	}
	// trustsConnection: the role can trust the validated connection's external
	// id, known from step 1; a new buckt_aws_account's is not known in advance,
	// so there the role has no external-id condition.
	resources := []struct {
		name             string
		trustsConnection bool
		config           func(env *testEnv) string
	}{
		{"buckt_aws_account", false, func(env *testEnv) string {
			return env.config(fmt.Sprintf(`resource "buckt_aws_account" "prod" {
  label = "prod"
}

resource "buckt_aws_account" "test" {
  role_arn = %q
  timeouts {
    create = "3s"
  }
  depends_on = [buckt_aws_account.prod]
}`, roleARN))
		}},
		{"buckt_aws_account_role", true, func(env *testEnv) string {
			return env.config(fmt.Sprintf(`resource "buckt_aws_account" "prod" {
  label = "prod"
}

resource "buckt_aws_account_role" "prod" {
  aws_account = buckt_aws_account.prod.id
  role_arn    = %q
  timeouts {
    create = "3s"
  }
}`, roleARN))
		}},
	}
	causesHint := `Check, in this order:.*trust policy allows Buckt's AWS principal.*sts:ExternalId = "ext_\w+" \(this connection's external_id.*` +
		`s3:ListAllMyBuckets and s3:GetBucketLocation.*timeouts`
	for _, res := range resources {
		for _, cause := range causes {
			t.Run(res.name+"/"+cause.name, func(t *testing.T) {
				env := newTestEnv(t, emulator.Options{})
				emu := env.emulator()
				var externalID captured
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: testProviders,
					Steps: []resource.TestStep{
						{
							Config:            env.config(`resource "buckt_aws_account" "prod" { label = "prod" }`),
							ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "external_id", &externalID)},
						},
						{
							PreConfig: func() {
								trusted := ""
								if res.trustsConnection {
									trusted = externalID.value
								}
								if cause.role != nil {
									emu.PutRole(*cause.role(trusted))
								}
							},
							Config:      res.config(env),
							ExpectError: wrapped(`(?s)could not be validated.*tried \d+ time\(s\) over \ds.*` + cause.message + ".*" + causesHint),
						},
					},
				})
			})
		}
	}
}
