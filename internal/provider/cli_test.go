package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
)

// The hosts the provider's source address buckt/buckt expands to: Terraform
// resolves it on its registry, OpenTofu on its own.
const (
	terraformRegistryHost = "registry.terraform.io"
	openTofuRegistryHost  = "registry.opentofu.org"
)

// cliCommandTimeout bounds one CLI command a test runs directly.
const cliCommandTimeout = 5 * time.Minute

// cliIsOpenTofu reports whether the CLI at path is OpenTofu, which prints
// "OpenTofu v..." where Terraform prints "Terraform v..." (both name their
// version terraform_version in version -json).
func cliIsOpenTofu(path string) bool {
	if path == "" {
		return false
	}
	cmd := exec.Command(path, "version")
	cmd.Env = cliEnv("TF_CLI_CONFIG_FILE=" + os.DevNull)
	out, err := cmd.Output()
	return err == nil && strings.HasPrefix(string(out), "OpenTofu")
}

// registryHost is the host buckt/buckt means to the CLI at path.
func registryHost(path string) string {
	if cliIsOpenTofu(path) {
		return openTofuRegistryHost
	}
	return terraformRegistryHost
}

// devOverridesCLIConfig is a CLI configuration that runs the provider binary
// in pluginDir for buckt/buckt on both registry hosts, so one file serves
// Terraform and OpenTofu. With it no init is needed (nor possible offline).
func devOverridesCLIConfig(pluginDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    "%[2]s/buckt/buckt" = %[1]q
    "%[3]s/buckt/buckt" = %[1]q
  }
  direct {}
}
`, pluginDir, terraformRegistryHost, openTofuRegistryHost)
}

// terraformVersion is the CLI's version, from terraform version -json.
func terraformVersion(t *testing.T, terraform string) string {
	t.Helper()
	cmd := exec.Command(terraform, "version", "-json")
	cmd.Dir = t.TempDir()
	cmd.Env = cliEnv("TF_CLI_CONFIG_FILE=" + os.DevNull)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", terraform, err)
	}
	var version struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &version); err != nil {
		t.Fatalf("%s version -json printed %q: %v", terraform, out, err)
	}
	return version.TerraformVersion
}

// versionAtLeast reports whether v (e.g. "1.11.4") is minimum or later; a
// version it cannot read counts as older.
func versionAtLeast(v string, minimum *version.Version) bool {
	got, err := version.NewVersion(v)
	return err == nil && got.GreaterThanOrEqual(minimum)
}

// repoRoot is the module root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at the repository root %s: %v", root, err)
	}
	return root
}

// writeFile writes content to path, creating its directory.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cliEnv is the environment of a terraform command: this process's without
// its TF_ and BUCKT_ variables (neither the test harness's settings nor a
// developer's may change the run), then extra.
func cliEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "BUCKT_") {
			env = append(env, kv)
		}
	}
	return append(append(env, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"), extra...)
}

// acceptanceCLI is the Terraform or OpenTofu CLI at TF_ACC_TERRAFORM_PATH,
// run directly (not through terraform-plugin-testing) with a provider binary
// installed by dev_overrides.
type acceptanceCLI struct{ path string }

// newAcceptanceCLI skips the test unless TF_ACC and TF_ACC_TERRAFORM_PATH are set.
func newAcceptanceCLI(t *testing.T) *acceptanceCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH is not set: this test runs that CLI")
	}
	return &acceptanceCLI{path: path}
}

// runWith runs the CLI in dir with the provider binary in pluginDir and
// returns its combined output. A plan's -detailed-exitcode 2 is an error.
func (c *acceptanceCLI) runWith(t *testing.T, dir, pluginDir string, args ...string) (string, error) {
	t.Helper()
	config := filepath.Join(pluginDir, "dev-overrides.tfrc")
	if _, err := os.Stat(config); errors.Is(err, os.ErrNotExist) {
		writeFile(t, config, devOverridesCLIConfig(pluginDir))
	}
	return c.run(t, dir, []string{"TF_CLI_CONFIG_FILE=" + config}, args...)
}

// run runs the CLI with args in dir, in cliEnv(env...), and returns its
// combined output.
func (c *acceptanceCLI) run(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), cliCommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.path, args...)
	cmd.Dir = dir
	cmd.Env = cliEnv(env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
