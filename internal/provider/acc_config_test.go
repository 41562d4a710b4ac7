// The acceptance harness, part 3 of 3: the configurations tests apply, and the
// addresses they declare. The connection buckt_aws_account.prod comes from
// prodConnection alone.

package provider

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// providerSource declares the provider's address, as every configuration must.
const providerSource = `terraform {
  required_providers {
    buckt = {
      source = "buckt/buckt"
    }
  }
}

`

// config prefixes a test configuration with the provider block for this env.
func (e *testEnv) config(body string) string { return e.configWithProvider("", body) }

// configWithProvider is config with more provider arguments, e.g. max_retries.
func (e *testEnv) configWithProvider(providerArgs, body string) string {
	return providerSource + fmt.Sprintf("provider \"buckt\" {\n  endpoint = %q\n  api_key  = %q\n%s}\n\n%s",
		e.endpoint, e.apiKey, providerArgs, body)
}

// Addresses of the resources the test configurations declare.
const (
	accountAddr     = "buckt_aws_account.test"
	prodAccountAddr = "buckt_aws_account.prod"
	roleAddr        = "buckt_aws_account_role.prod"
	bucketAddr      = "buckt_imported_bucket.test"
)

func attr(name string) tfjsonpath.Path { return tfjsonpath.New(name) }

// bucketEnv is an emulator with an assumable role (no external-id condition)
// and the given S3 buckets in AWS account 111122223333; against a real Buckt
// the test skips, saying why it needs these buckets in that account.
func bucketEnv(t *testing.T, why string, buckets ...string) *testEnv {
	env := newTestEnv(t, emulator.Options{})
	emu := env.onlyOnEmulator(why)
	emu.PutRole(emulator.Role{ARN: roleARN})
	emu.PutS3Buckets(awsAccount, buckets...)
	return env
}

// prodConnection is the HCL of the connection buckt_aws_account.prod, labelled
// "tf-acc-prod" and with the arguments opts set, followed by a blank line.
func prodConnection(opts ...connectionOption) string {
	args := connectionArgs{label: "tf-acc-prod"}
	for _, opt := range opts {
		opt(&args)
	}
	hcl := fmt.Sprintf("resource \"buckt_aws_account\" \"prod\" {\n  label = %q\n", args.label)
	if args.roleARN != "" {
		hcl += fmt.Sprintf("  role_arn = %q\n", args.roleARN)
	}
	if args.forceDestroy {
		hcl += "  force_destroy = true\n"
	}
	return hcl + "}\n\n"
}

// connectionArgs are the arguments prodConnection writes; a zero one is left out.
type connectionArgs struct {
	label, roleARN string
	forceDestroy   bool
}

// connectionOption sets an argument of prodConnection.
type connectionOption func(*connectionArgs)

// labelled sets the connection's label.
func labelled(label string) connectionOption {
	return func(args *connectionArgs) { args.label = label }
}

// withRole attaches the role arn to the connection (role_arn): it is active
// once the role validates.
func withRole(arn string) connectionOption {
	return func(args *connectionArgs) { args.roleARN = arn }
}

// forceDestroy lets a destroy of the connection release its imported buckets.
func forceDestroy() connectionOption {
	return func(args *connectionArgs) { args.forceDestroy = true }
}

// deployRoleConfig is a connection plus an IAM role "deployed" in the emulator's
// simulated AWS during the apply, by a builtin terraform_data with a local-exec
// provisioner (no provider download), trusting the connection's external_id.
func deployRoleConfig(env *testEnv, label, arn string) string {
	return env.config(roleDeployment(env, label, arn, 1))
}

// roleDeployment is the body of deployRoleConfig. A new revision redeploys the
// role, as a changed trust policy in a real configuration would.
func roleDeployment(env *testEnv, label, arn string, revision int) string {
	return prodConnection(labelled(label)) + fmt.Sprintf(`locals {
  role = {
    arn         = %[1]q
    external_id = buckt_aws_account.prod.external_id
    revision    = %[3]d
  }
}

# Provisioners run on create only: a new role replaces the object.
resource "terraform_data" "iam_role" {
  input            = local.role
  triggers_replace = local.role

  provisioner "local-exec" {
    command     = "curl -fsS -X PUT %[2]s/_admin/iam-roles -H 'Content-Type: application/json' -d \"$ROLE\""
    environment = { ROLE = jsonencode({ arn = self.input.arn, externalId = self.input.external_id }) }
  }
}

resource "buckt_aws_account_role" "prod" {
  aws_account = buckt_aws_account.prod.id
  role_arn    = terraform_data.iam_role.output.arn
}
`, arn, env.endpoint, revision)
}

// attachConfig is the connection buckt_aws_account.prod (with the arguments
// opts set) with the role arn attached to it by buckt_aws_account_role.prod;
// extra goes into that resource (timeouts).
func attachConfig(env *testEnv, arn, extra string, opts ...connectionOption) string {
	return env.config(prodConnection(opts...) + fmt.Sprintf(`resource "buckt_aws_account_role" "prod" {
  aws_account = buckt_aws_account.prod.id
  role_arn    = %q
%s}
`, arn, extra))
}

// shortCreateTimeout is an attachment's timeouts block that gives up on a
// role that cannot be validated after 3 seconds.
const shortCreateTimeout = `  timeouts {
    create = "3s"
  }
`

func accountConfig(env *testEnv, body string) string {
	return env.config(fmt.Sprintf("resource \"buckt_aws_account\" \"test\" {\n%s\n}\n", body))
}

// accountWithRole is buckt_aws_account.test attached to the role arn, with the
// other arguments in extra.
func accountWithRole(env *testEnv, arn, extra string) string {
	return accountConfig(env, fmt.Sprintf("role_arn = %q\n%s", arn, extra))
}

// bucketConfig is an active connection buckt_aws_account.prod importing the
// bucket name as buckt_imported_bucket.test.
func bucketConfig(env *testEnv, name string) string {
	return env.config(prodConnection(withRole(env.aws().roleARN())) + fmt.Sprintf(`resource "buckt_imported_bucket" "test" {
  aws_account = buckt_aws_account.prod.id
  bucket_name = %q
}`, name))
}

// onlyNames is a name_regex that matches exactly names: a test's buckets
// among the others of a real Buckt's test account.
func onlyNames(names []string) string {
	quoted := make([]string, len(names))
	for i, name := range names {
		quoted[i] = regexp.QuoteMeta(name)
	}
	return "^(" + strings.Join(quoted, "|") + ")$"
}

// adoptAllConfig is an active connection buckt_aws_account.prod adopting every
// bucket its role can see. The connection must exist before: for_each keys
// must be known at plan.
func adoptAllConfig(env *testEnv) string {
	return env.config(prodConnection(withRole(env.aws().roleARN())) + `data "buckt_aws_account_s3_buckets" "all" {
  aws_account = buckt_aws_account.prod.id
}

resource "buckt_imported_bucket" "all" {
  for_each    = toset(data.buckt_aws_account_s3_buckets.all.names)
  aws_account = buckt_aws_account.prod.id
  bucket_name = each.value
}`)
}

// limitAbove is a list block's limit above everything a test lists, in place
// of Terraform's default of 100.
const limitAbove = 10000

// queryBlock is one `list` block of a query file.
type queryBlock struct {
	typ, name       string
	includeResource bool
	limit           int               // 0: Terraform's default (100)
	filters         map[string]string // the config block: attribute = string value
}

// hcl is the block as written in a .tfquery.hcl file.
func (b queryBlock) hcl() string {
	var s strings.Builder
	fmt.Fprintf(&s, "list %q %q {\n  provider = buckt\n", b.typ, b.name)
	if b.includeResource {
		s.WriteString("  include_resource = true\n")
	}
	if b.limit > 0 {
		fmt.Fprintf(&s, "  limit = %d\n", b.limit)
	}
	if len(b.filters) > 0 {
		s.WriteString("\n  config {\n")
		for _, name := range slices.Sorted(maps.Keys(b.filters)) {
			fmt.Fprintf(&s, "    %s = %q\n", name, b.filters[name])
		}
		s.WriteString("  }\n")
	}
	s.WriteString("}\n\n")
	return s.String()
}

// address is the block's address in query checks.
func (b queryBlock) address() string { return b.typ + "." + b.name }

// queryFile is the query file of blocks.
func queryFile(blocks ...queryBlock) string {
	var s strings.Builder
	for _, b := range blocks {
		s.WriteString(b.hcl())
	}
	return s.String()
}
