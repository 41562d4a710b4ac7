package provider

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// generatedBlock is a resource block of configuration Terraform generated:
// its type, name and top-level arguments as written (values unparsed).
type generatedBlock struct {
	typ, name string
	args      map[string]string
}

var (
	resourceBlockPattern = regexp.MustCompile(`(?ms)^resource "(\w+)" "(\w+)" \{\n(.*?)^\}`)
	argumentPattern      = regexp.MustCompile(`(?m)^  (\w+)\s*= (.*)$`)
)

// generatedBlocks are the resource blocks of generated configuration.
func generatedBlocks(src string) []generatedBlock {
	var blocks []generatedBlock
	for _, m := range resourceBlockPattern.FindAllStringSubmatch(src, -1) {
		b := generatedBlock{typ: m[1], name: m[2], args: map[string]string{}}
		for _, arg := range argumentPattern.FindAllStringSubmatch(m[3], -1) {
			b.args[arg[1]] = strings.TrimSpace(arg[2])
		}
		blocks = append(blocks, b)
	}
	return blocks
}

// sets reports whether the block gives argument name a value.
func (b generatedBlock) sets(name string) bool {
	v, ok := b.args[name]
	return ok && v != "null"
}

// plannedChange is one resource change of `terraform show -json` of a plan.
type plannedChange struct {
	Address string `json:"address"`
	Type    string `json:"type"`
	Change  struct {
		Actions   []string       `json:"actions"`
		After     map[string]any `json:"after"`
		Importing any            `json:"importing"`
	} `json:"change"`
}

// TestAccQuery_generatedConfigAdoptsExactlyWhatWasListed is the round trip a
// user makes with the CLI itself: connections, a role and buckets made by
// hand; `terraform query -generate-config-out` over all three list resources
// with include_resource; the generated configuration validates as written,
// sets each role once (on the attachment), plans to import exactly the
// listed objects and change nothing, applies, and then plans nothing.
func TestAccQuery_generatedConfigAdoptsExactlyWhatWasListed(t *testing.T) {
	cli := newAcceptanceCLI(t)
	skipWithoutQuery(t)
	t.Parallel()
	env, f := fixtureEnv(t, true) // lists attachments by the 12-digit id
	plugins, dir := t.TempDir(), t.TempDir()
	buildProvider(t, filepath.Join(plugins, "terraform-provider-buckt"))
	writeFile(t, filepath.Join(dir, "main.tf"), env.config(""))
	writeFile(t, filepath.Join(dir, "adopt.tfquery.hcl"), queryFile(
		queryBlock{typ: "buckt_aws_account", name: "connections", includeResource: true, filters: map[string]string{"label_prefix": f.prefix}},
		queryBlock{typ: "buckt_aws_account_role", name: "roles", includeResource: true, filters: map[string]string{"aws_account_id": f.awsAccountID}},
		queryBlock{typ: "buckt_imported_bucket", name: "buckets", includeResource: true, filters: map[string]string{"aws_account": f.prod}},
	))
	run := func(args ...string) string {
		t.Helper()
		out, err := cli.runWith(t, dir, plugins, append(args, "-no-color")...)
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}

	run("query", "-generate-config-out=generated.tf")
	src, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated.tf:\n%s", src)
	checkOneOwnerOfTheRole(t, f, generatedBlocks(string(src)))

	run("validate")
	run("plan", "-out=adopt.tfplan")
	var plan struct {
		ResourceChanges []plannedChange `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(run("show", "-json", "adopt.tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	imported := map[string][]string{}
	for _, c := range plan.ResourceChanges {
		if !slices.Equal(c.Change.Actions, []string{"no-op"}) || c.Change.Importing == nil {
			t.Errorf("%s: the plan %v it (importing: %v), want only an import", c.Address, c.Change.Actions, c.Change.Importing)
		}
		key := "id"
		if c.Type == "buckt_aws_account_role" {
			key = "aws_account"
		}
		imported[c.Type] = append(imported[c.Type], fmt.Sprint(c.Change.After[key]))
	}
	want := map[string][]string{
		"buckt_aws_account":      {f.prod, f.failed, f.pending},
		"buckt_aws_account_role": {f.prod},
		"buckt_imported_bucket":  f.bucketIDs(),
	}
	for _, typ := range slices.Sorted(maps.Keys(want)) {
		if got := slices.Sorted(slices.Values(imported[typ])); !slices.Equal(got, slices.Sorted(slices.Values(want[typ]))) {
			t.Errorf("the plan imports %s %v, want exactly the listed %v", typ, got, want[typ])
		}
	}
	if len(imported) != len(want) {
		t.Errorf("the plan changes %v, want only the listed types %v", slices.Sorted(maps.Keys(imported)), slices.Sorted(maps.Keys(want)))
	}

	run("apply", "adopt.tfplan")
	run("plan", "-detailed-exitcode") // exit 2, an error here, when anything would change
}

// checkOneOwnerOfTheRole: configuration generated from both connection lists
// sets each connection's role (and stack) once, on its attachment, so that
// the two resources never plan each other's value back.
func checkOneOwnerOfTheRole(t *testing.T, f *listFixture, blocks []generatedBlock) {
	t.Helper()
	roleOwners := map[string][]string{} // awa_ id of the connection: resources setting its role
	for _, b := range blocks {
		switch b.typ {
		case "buckt_aws_account":
			if b.sets("role_arn") || b.sets("stack_id") {
				t.Errorf("buckt_aws_account.%s sets the role itself: %v", b.name, b.args)
			}
		case "buckt_aws_account_role":
			account := strings.Trim(b.args["aws_account"], `"`)
			roleOwners[account] = append(roleOwners[account], b.typ+"."+b.name)
			if b.args["role_arn"] != fmt.Sprintf("%q", f.roleARN) || b.args["stack_id"] != fmt.Sprintf("%q", f.stackID) {
				t.Errorf("buckt_aws_account_role.%s: role_arn %s and stack_id %s, want %q and %q", b.name,
					b.args["role_arn"], b.args["stack_id"], f.roleARN, f.stackID)
			}
		}
	}
	if len(roleOwners) != 1 || len(roleOwners[f.prod]) != 1 {
		t.Errorf("the role of %s is set by %v, want exactly one buckt_aws_account_role (roles set: %v)", f.prod, roleOwners[f.prod], roleOwners)
	}
}
