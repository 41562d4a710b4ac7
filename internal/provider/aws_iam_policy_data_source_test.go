package provider

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// policiesConfig is two connections and their policy documents, plus extra.
func policiesConfig(env *testEnv, extra string) string {
	return env.config(fmt.Sprintf(`resource "buckt_aws_account" "prod" {
  label = "prod"
}

resource "buckt_aws_account" "other" {
  label = "other"
}

data "buckt_aws_iam_policy" "prod" {
  external_id   = buckt_aws_account.prod.external_id
  principal_arn = %[1]q
  bucket_names  = ["legacy-marketing", "legacy-sales"]
}

data "buckt_aws_iam_policy" "other" {
  external_id   = buckt_aws_account.other.external_id
  principal_arn = %[1]q
}
%[2]s`, emulator.PrincipalARN, extra))
}

func TestAccAWSIAMPolicy_documentsTheEmulatorAccepts(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	emu := env.onlyOnEmulator("deploy roles from the policy documents")
	var externalID, prodTrust, prodPermissions, otherTrust captured
	withRole := policiesConfig(env, fmt.Sprintf(`
resource "buckt_aws_account_role" "prod" {
  aws_account = buckt_aws_account.prod.id
  role_arn    = %q
  timeouts {
    create = "3s"
  }
}`, roleARN))
	trustOf := func(doc string) error {
		p := policyDoc{}
		if err := json.Unmarshal([]byte(doc), &p); err != nil {
			return err
		}
		s := p.Statement[0]
		if s.Principal["AWS"] != emulator.PrincipalARN || s.Condition["StringEquals"]["sts:ExternalId"] != externalID.value {
			return fmt.Errorf("trust policy %s does not name the principal and external id %s", doc, externalID.value)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: policiesConfig(env, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					capture(prodAccountAddr, "external_id", &externalID),
					capture("data.buckt_aws_iam_policy.prod", "assume_role_policy_json", &prodTrust),
					capture("data.buckt_aws_iam_policy.prod", "permissions_policy_json", &prodPermissions),
					capture("data.buckt_aws_iam_policy.other", "assume_role_policy_json", &otherTrust),
					statecheck.ExpectKnownValue("data.buckt_aws_iam_policy.prod", attr("assume_role_policy_json"), knownvalue.StringFunc(trustOf)),
					statecheck.ExpectKnownValue("data.buckt_aws_iam_policy.prod", attr("permissions_policy_json"), knownvalue.StringFunc(func(doc string) error {
						var p policyDoc
						if err := json.Unmarshal([]byte(doc), &p); err != nil {
							return err
						}
						for _, s := range p.Statement {
							if s.Sid == "BucktManageBuckets" && fmt.Sprint(s.Resource) != "[arn:aws:s3:::legacy-marketing arn:aws:s3:::legacy-sales]" {
								return fmt.Errorf("bucket resources %v", s.Resource)
							}
						}
						return nil
					})),
				},
			},
			{
				// A role whose trust policy was written for another connection.
				PreConfig: func() {
					if _, err := emu.PutRoleFromPolicies(roleARN, otherTrust.value, prodPermissions.value); err != nil {
						t.Fatal(err)
					}
				},
				Config:      withRole,
				ExpectError: wrapped(`(?s)could not be validated.*AccessDenied.*sts:AssumeRole`),
			},
			{
				// The role built from exactly this connection's documents.
				PreConfig: func() {
					if _, err := emu.PutRoleFromPolicies(roleARN, prodTrust.value, prodPermissions.value); err != nil {
						t.Fatal(err)
					}
				},
				Config: withRole,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("status"), knownvalue.StringExact("active")),
				},
			},
		},
	})
}

func TestAccAWSIAMPolicy_badInputFailsAtPlan(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	cases := []struct{ body, want string }{
		{`external_id = "aBcD1234"`, `Attribute external_id must be the external_id of a buckt_aws_account, such as ext_aBcD1234`},
		{`principal_arn = "arn:aws:s3:::bucket"`, `Attribute principal_arn must be an IAM principal ARN such as arn:aws:iam::999988887777:role/BucktService`},
		{`principal_arn = "arn:awsx:iam::999988887777:role/BucktService"`, `Attribute principal_arn: "awsx" is not an AWS partition; expected one of aws, aws-cn, aws-us-gov,`},
		{`bucket_names = ["bad name"]`, `Attribute bucket_names\[0\]: "bad name" can never be an S3 bucket name`},
		{`bucket_names = ["logs-a", "logs-a"]`, `(?s)Duplicate List Value.*bucket_names`},
		{`bucket_names = ["logs-a", null]`, `(?s)Null List Value.*bucket_names`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		body := map[string]string{
			"external_id":   `external_id = "ext_aBcD1234"`,
			"principal_arn": `principal_arn = "arn:aws:iam::999988887777:role/BucktService"`,
		}
		var name string
		_, _ = fmt.Sscanf(tc.body, "%s", &name)
		body[name] = tc.body
		config := "data \"buckt_aws_iam_policy\" \"x\" {\n"
		for _, line := range body {
			config += "  " + line + "\n"
		}
		steps = append(steps, resource.TestStep{Config: env.config(config + "}"), PlanOnly: true, ExpectError: wrapped(tc.want)})
	}
	// With no principal ARN or external id of the emulator's to check, a root
	// principal is accepted.
	steps = append(steps, resource.TestStep{
		Config: env.config(`data "buckt_aws_iam_policy" "root" {
  external_id   = "ext_aBcD1234"
  principal_arn = "arn:aws:iam::999988887777:root"
}`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.buckt_aws_iam_policy.root", attr("assume_role_policy_json"), knownvalue.StringRegexp(wrapped(`"AWS":"arn:aws:iam::999988887777:root"`))),
		},
	})
	// Every real partition is accepted and used in the bucket ARNs, and a legacy
	// bucket name (uppercase, underscore) is written as it is.
	steps = append(steps, resource.TestStep{
		Config: env.config(`data "buckt_aws_iam_policy" "eusc" {
  external_id   = "ext_aBcD1234"
  principal_arn = "arn:aws-eusc:iam::999988887777:role/BucktService"
  bucket_names  = ["Legacy_Marketing"]
}`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.buckt_aws_iam_policy.eusc", attr("permissions_policy_json"),
				knownvalue.StringRegexp(wrapped(`"Resource":\["arn:aws-eusc:s3:::Legacy_Marketing"\]`))),
		},
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkNoRequests(env),
		Steps:                    steps,
	})
}
