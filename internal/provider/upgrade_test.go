package provider

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// lastReleaseFile names the git commit of the last release, relative to this
// package.
const lastReleaseFile = "testdata/last-release"

// gitTimeout bounds a git command, a fetch from origin included.
const gitTimeout = 2 * time.Minute

// TestAccUpgrade_lastReleaseStatePlansEmpty proves that upgrading the provider
// needs nothing from its users: the last release applies a complete onboarding
// (connection, role deployed and attached, buckets imported, data sources),
// then the build of this tree plans with that state and must find no changes
// and make no API writes, and finally destroys everything. On a CLI with
// resource identities (1.12+), a refresh with this build gives every resource
// of that state its identity.
//
// A schema change without a state upgrader fails here: Terraform cannot
// decode the old state with the new schema, or the plan is not empty.
func TestAccUpgrade_lastReleaseStatePlansEmpty(t *testing.T) {
	cli := newAcceptanceCLI(t)
	commit := lastReleaseCommit(t)
	work := t.TempDir()
	lastRelease, thisBuild := filepath.Join(work, "last-release"), filepath.Join(work, "this-build")
	buildProviderAtCommit(t, commit, filepath.Join(lastRelease, "terraform-provider-buckt"))
	buildProvider(t, filepath.Join(thisBuild, "terraform-provider-buckt"))

	env := newTestEnv(t, emulator.Options{})
	aws := env.aws()
	label, buckets := uniqueLabel(t, "upgrade"), aws.buckets(t, 3)
	dir := filepath.Join(work, "config")
	writeFile(t, filepath.Join(dir, "main.tf"), upgradeOnboardingConfig(env, aws.roleARN(), label, buckets))
	writeFile(t, filepath.Join(dir, "main_override.tf"), upgradeTerraformOnlySettings)

	if out, err := cli.runWith(t, dir, lastRelease, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply with the last release (%s): %v\n%s", commit, err, out)
	}
	var before map[string]int
	if env.emu != nil {
		before = env.emu.Stats().Requests
	}
	out, err := cli.runWith(t, dir, thisBuild, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("plan with this build over the last release's state (%s) is not empty (%v):\n%s", commit, err, out)
	}
	if err := env.checkOnEmulator("count API writes", func(emu *emulator.Server) error {
		if writes := writesBetween(before, emu.Stats().Requests); len(writes) > 0 {
			return fmt.Errorf("plan with this build made API writes: %v", writes)
		}
		return nil
	})(); err != nil {
		t.Error(err)
	}
	if versionAtLeast(terraformVersion(t, cli.path), tfversion.Version1_12_0) {
		checkRefreshAddsIdentities(t, cli, dir, thisBuild, 2+len(buckets))
	}
	if out, err := cli.runWith(t, dir, thisBuild, "destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("destroy with this build: %v\n%s", err, out)
	}
	accounts, err := env.client.ListAWSAccounts(env.ctx())
	if err == nil && slices.ContainsFunc(accounts, hasLabel(label)) {
		err = fmt.Errorf("the connection labelled %s is left after destroy", label)
	}
	if err := errors.Join(err, env.checkNothingLeft(nil)); err != nil {
		t.Error(err)
	}
}

// checkRefreshAddsIdentities refreshes the last release's state (which has no
// resource identities) with this build and requires every buckt_* resource to
// have gained its identity, equal to its id attribute.
func checkRefreshAddsIdentities(t *testing.T, cli *acceptanceCLI, dir, pluginDir string, resources int) {
	t.Helper()
	if out, err := cli.runWith(t, dir, pluginDir, "apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("refresh with this build: %v\n%s", err, out)
	}
	out, err := cli.runWith(t, dir, pluginDir, "show", "-json")
	if err != nil {
		t.Fatalf("show -json: %v\n%s", err, out)
	}
	var state tfjson.State
	if err := json.Unmarshal([]byte(out), &state); err != nil {
		t.Fatalf("show -json printed %q: %v", out, err)
	}
	identityOf := map[string]string{
		"buckt_aws_account": "id", "buckt_aws_account_role": "aws_account", "buckt_imported_bucket": "id",
	}
	seen := 0
	for _, r := range state.Values.RootModule.Resources {
		attr, ok := identityOf[r.Type]
		if !ok || r.Mode != tfjson.ManagedResourceMode {
			continue
		}
		seen++
		if got, want := r.IdentityValues[attr], r.AttributeValues[attr]; got == nil || got != want {
			t.Errorf("%s: identity %v after a refresh with this build, want {%s = %v}", r.Address, r.IdentityValues, attr, want)
		}
	}
	if seen != resources {
		t.Errorf("found %d buckt resources in state, want %d", seen, resources)
	}
}

// upgradeOnboardingConfig is an onboarding that uses every resource and the
// data sources a module typically does: a connection labelled label, the role
// arn attached to it, and the S3 buckets imported.
func upgradeOnboardingConfig(env *testEnv, arn, label string, buckets []string) string {
	return attachConfig(env, arn, "", labelled(label)) + `
data "buckt_aws_iam_policy" "prod" {
  external_id   = buckt_aws_account.prod.external_id
  principal_arn = "arn:aws:iam::999988887777:role/BucktService"
  bucket_names  = ["` + strings.Join(buckets, `", "`) + `"]
}

resource "buckt_imported_bucket" "prod" {
  for_each = toset(["` + strings.Join(buckets, `", "`) + `"])

  aws_account = buckt_aws_account_role.prod.aws_account
  bucket_name = each.value
}

data "buckt_aws_accounts" "all" {
  depends_on = [buckt_aws_account_role.prod]
}

# Attributes modules pass on: renaming or removing one breaks the plan.
output "connection" {
  value = {
    id                = buckt_aws_account.prod.id
    external_id       = buckt_aws_account.prod.external_id
    aws_account_id    = buckt_aws_account_role.prod.aws_account_id
    status            = buckt_aws_account_role.prod.status
    last_validated_at = buckt_aws_account_role.prod.last_validated_at
    permissions       = data.buckt_aws_iam_policy.prod.permissions_policy_json
    connections       = length(data.buckt_aws_accounts.all.aws_accounts)
  }
}

output "buckets" {
  value = { for name, bucket in buckt_imported_bucket.prod : name => [bucket.id, bucket.created_at] }
}
`
}

// upgradeTerraformOnlySettings is an override file (merged into the
// onboarding's blocks) setting the arguments only Terraform's state keeps:
// the new build must read them from the old state, or its plan shows them.
const upgradeTerraformOnlySettings = `resource "buckt_aws_account" "prod" {
  force_destroy = true
}

resource "buckt_aws_account_role" "prod" {
  timeouts {
    create = "4m"
    update = "3m"
  }
}
`

// lastReleaseCommit reads the commit lastReleaseFile names and makes sure this
// clone has it: a clone without it (a shallow one, the usual CI checkout)
// fetches it from origin, and when it cannot, the test skips with the command
// to run (scripts/test.sh with BUCKT_TEST_NO_SKIPS=1, as on CI's newest CLI,
// fails on that skip).
func lastReleaseCommit(t *testing.T) string {
	t.Helper()
	f, err := os.Open(lastReleaseFile)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	var commit string
	for scanner := bufio.NewScanner(f); scanner.Scan(); {
		if line := strings.TrimSpace(scanner.Text()); line != "" && !strings.HasPrefix(line, "#") {
			commit = line
			break
		}
	}
	if !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(commit) {
		t.Fatalf("%s must name a full 40-digit commit, got %q", lastReleaseFile, commit)
	}
	root := repoRoot(t)
	if _, err := runGit(t, root, "cat-file", "-e", commit+"^{commit}"); err != nil {
		fetchCommit(t, root, commit)
	}
	return commit
}

// fetchCommit fetches commit from origin (only that commit into a shallow
// clone), or skips the test saying how to.
func fetchCommit(t *testing.T, root, commit string) {
	t.Helper()
	fetch := []string{"fetch", "origin", commit}
	if shallow, _ := runGit(t, root, "rev-parse", "--is-shallow-repository"); shallow == "true" {
		fetch = []string{"fetch", "--depth=1", "origin", commit}
	}
	command := "git -C " + root + " " + strings.Join(fetch, " ")
	if _, err := runGit(t, root, "remote", "get-url", "origin"); err != nil {
		t.Skipf("the last release's commit %s (%s) is not in this clone, which has no remote origin: run %q "+
			"with origin replaced by the provider's repository URL, then this test again", commit, lastReleaseFile, command)
	}
	if out, err := runGit(t, root, fetch...); err != nil {
		t.Skipf("the last release's commit %s (%s) is not in this clone, and fetching it failed (%v):\n%s\n"+
			"Run %q, then this test again", commit, lastReleaseFile, err, out, command)
	}
	t.Logf("fetched the last release's commit: %s", command)
}

// runGit runs git in dir, never waiting for a password, and returns its trimmed output.
func runGit(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// buildProviderAtCommit builds the provider as it was at commit into path,
// from a git archive of that commit (the work tree is left alone).
func buildProviderAtCommit(t *testing.T, commit, path string) {
	t.Helper()
	src := t.TempDir()
	archive := filepath.Join(src, "source.tar")
	for _, args := range [][]string{
		{"git", "-C", repoRoot(t), "archive", "--format=tar", "-o", archive, commit},
		{"tar", "-xf", archive, "-C", src},
		{"go", "-C", src, "build", "-o", path, "-ldflags", "-X main.version=" + mirrorVersion, "."},
	} {
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("building the provider at %s: %s: %v\n%s", commit, strings.Join(args, " "), err, out)
		}
	}
}

// writesBetween lists the API write routes counted between two snapshots of
// the emulator's request counters.
func writesBetween(before, after map[string]int) []string {
	var writes []string
	for route, n := range after {
		method, _, _ := strings.Cut(route, " ")
		if method != "GET" && method != "HEAD" && n > before[route] {
			writes = append(writes, fmt.Sprintf("%s x%d", route, n-before[route]))
		}
	}
	slices.Sort(writes)
	return writes
}
