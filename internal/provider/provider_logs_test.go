package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// logTestResources is how many connections the logging test plans.
const logTestResources = 20

// TestAccProviderLogs_onlyForSomeoneWhoReadsThem runs the provider binary as
// Terraform does, its stderr (where Terraform reads its logs) captured by a
// wrapper. Without TF_LOG, Terraform throws provider logs away, so the
// provider writes none; with TF_LOG=trace it writes them all, the API key
// masked. The bytes per resource are reported either way.
func TestAccProviderLogs_onlyForSomeoneWhoReadsThem(t *testing.T) {
	cli := newAcceptanceCLI(t)
	env := newTestEnv(t, emulator.Options{})
	work := t.TempDir()
	binary := filepath.Join(work, "bin", "terraform-provider-buckt")
	buildProvider(t, binary)
	stderr := filepath.Join(work, "provider-stderr.log")
	pluginDir := filepath.Join(work, "plugin")
	writeFile(t, filepath.Join(pluginDir, "terraform-provider-buckt"), fmt.Sprintf("#!/bin/sh\nexec %q \"$@\" 2>>%q\n", binary, stderr))
	if err := os.Chmod(filepath.Join(pluginDir, "terraform-provider-buckt"), 0o755); err != nil {
		t.Fatal(err)
	}
	cliConfig := filepath.Join(pluginDir, "dev-overrides.tfrc")
	writeFile(t, cliConfig, devOverridesCLIConfig(pluginDir))
	dir := filepath.Join(work, "config")
	writeFile(t, filepath.Join(dir, "main.tf"), env.config(fmt.Sprintf(`resource "buckt_aws_account" "logs" {
  count = %d
  label = "tf-acc-logs-${count.index}"
}`, logTestResources)))

	// written runs the CLI with the variables in env and returns the bytes the
	// provider wrote to its stderr meanwhile.
	written := func(env []string, args ...string) string {
		t.Helper()
		if err := os.WriteFile(stderr, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := cli.run(t, dir, append([]string{"TF_CLI_CONFIG_FILE=" + cliConfig}, env...), args...); err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, tail(out))
		}
		logs, err := os.ReadFile(stderr)
		if err != nil {
			t.Fatal(err)
		}
		return string(logs)
	}
	perResource := func(logs string) float64 { return float64(len(logs)) / logTestResources }

	quietApply := written(nil, "apply", "-auto-approve", "-input=false", "-no-color")
	defer written(nil, "destroy", "-auto-approve", "-input=false", "-no-color")
	quietPlan := written(nil, "plan", "-input=false", "-no-color")
	loudPlan := written([]string{"TF_LOG=trace"}, "plan", "-input=false", "-no-color")
	t.Logf("provider stderr per resource: apply %.0f B, plan %.0f B without TF_LOG; plan %.0f B with TF_LOG=trace",
		perResource(quietApply), perResource(quietPlan), perResource(loudPlan))

	// go-plugin's few lines as each process starts are all that is left.
	for _, quiet := range []string{quietApply, quietPlan} {
		if strings.Contains(quiet, `"@module"`) || perResource(quiet) > perResource(loudPlan)/100 {
			t.Errorf("without TF_LOG the provider wrote %d bytes, which Terraform discards: %.500s", len(quiet), quiet)
		}
	}
	// Every layer logs at TRACE: the protocol, the framework and the provider.
	for _, module := range []string{`"@module":"sdk.proto"`, `"@module":"sdk.framework"`, `"@module":"buckt"`} {
		if !strings.Contains(loudPlan, module) {
			t.Errorf("with TF_LOG=trace the provider's logs lack %s", module)
		}
	}
	if perResource(loudPlan) < 1000 {
		t.Errorf("with TF_LOG=trace the provider wrote %.0f bytes per resource, want its full trace logs", perResource(loudPlan))
	}
	if strings.Contains(loudPlan, env.apiKey) {
		t.Error("the API key appears in the provider's trace logs")
	}
}

// tail is the end of a command's long output, for an error message.
func tail(out string) string {
	if len(out) > 4000 {
		return "..." + out[len(out)-4000:]
	}
	return out
}
