package provider

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// queryCLIs are the CLIs with list resources and `terraform query`: Terraform
// 1.14 and later (OpenTofu has neither: see skipWithoutQuery).
var queryCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.14.0")))}

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

// queryFile is the query file of blocks.
func queryFile(blocks ...queryBlock) string {
	var s strings.Builder
	for _, b := range blocks {
		s.WriteString(b.hcl())
	}
	return s.String()
}

// address is the block's address in query checks.
func (b queryBlock) address() string { return b.typ + "." + b.name }

// byID selects the result whose identity attribute attr is id.
func byID(attr, id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{attr: knownvalue.StringExact(id)})
}

// expectFound checks that block found exactly the objects ids (identity
// attribute attr), each with its display name.
func expectFound(b queryBlock, attr string, names map[string]string) []querycheck.QueryResultCheck {
	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength(b.address(), len(names))}
	for _, id := range slices.Sorted(maps.Keys(names)) {
		checks = append(checks,
			querycheck.ExpectIdentity(b.address(), map[string]knownvalue.Check{attr: knownvalue.StringExact(id)}),
			querycheck.ExpectResourceDisplayName(b.address(), byID(attr, id), knownvalue.StringExact(names[id])))
	}
	return checks
}

// expectOrder checks that block found exactly the objects ids (identity
// attribute attr), in this order.
func expectOrder(b queryBlock, attr string, ids ...string) querycheck.QueryResultCheck {
	return orderCheck{b.address(), attr, ids}
}

type orderCheck struct {
	address, attr string
	ids           []string
}

func (c orderCheck) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	var got []string
	for _, found := range req.Query {
		if strings.TrimPrefix(found.Address, "list.") == c.address {
			id, _ := found.Identity[c.attr].(string)
			got = append(got, id)
		}
	}
	if !slices.Equal(got, c.ids) {
		resp.Error = fmt.Errorf("%s found %v, want %v in this order", c.address, got, c.ids)
	}
}
