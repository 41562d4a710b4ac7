package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// TestAccInterrupt_validationSaysItWasInterrupted presses Ctrl-C (SIGINT)
// while a create retries the validation of a role Buckt may not assume (as
// one IAM has not propagated yet): the CLI must show that validation was
// interrupted, where that left the connection and how to go on, never the
// checklist of a failed validation; the connection is saved in state, not
// orphaned.
func TestAccInterrupt_validationSaysItWasInterrupted(t *testing.T) {
	cli := newAcceptanceCLI(t)
	env := newTestEnv(t, emulator.Options{})
	label := uniqueLabel(t, "interrupt")
	plugins := filepath.Join(t.TempDir(), "plugins")
	buildProvider(t, filepath.Join(plugins, "terraform-provider-buckt"))
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), accountWithRole(env, unassumableRole(env.aws()), fmt.Sprintf("label = %q", label)))
	writeFile(t, filepath.Join(plugins, "dev-overrides.tfrc"), devOverridesCLIConfig(plugins))

	var out bytes.Buffer
	apply := exec.Command(cli.path, "apply", "-auto-approve", "-input=false", "-no-color")
	apply.Dir, apply.Stdout, apply.Stderr = dir, &out, &out
	apply.Env = cliEnv("TF_CLI_CONFIG_FILE=" + filepath.Join(plugins, "dev-overrides.tfrc"))
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); !retryingValidation(t, env, label); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = apply.Process.Kill()
			t.Fatalf("the validation was not retried within a minute:\n%s", out.String())
		}
	}
	if err := apply.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := apply.Wait(); err == nil {
		t.Errorf("the interrupted apply succeeded:\n%s", out.String())
	}
	output := strings.Join(strings.Fields(out.String()), " ") // undo the CLI's line wrapping
	for _, want := range []string{"Validation of the IAM role interrupted", "neither valid nor invalid",
		"run terraform apply again", "terraform untaint"} {
		if !strings.Contains(output, want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(output, "Check, in this order") {
		t.Errorf("an interruption is reported as a failed validation:\n%s", out.String())
	}

	show, err := cli.runWith(t, dir, plugins, "show", "-json")
	if err != nil {
		t.Fatalf("show -json: %v\n%s", err, show)
	}
	var state tfjson.State
	if err := json.Unmarshal([]byte(show), &state); err != nil || state.Values == nil || len(state.Values.RootModule.Resources) != 1 {
		t.Fatalf("state after the interrupt (%v): %s", err, show)
	}
	id, _ := state.Values.RootModule.Resources[0].AttributeValues["id"].(string)
	if !awaIDForm.MatchString(id) {
		t.Errorf("the connection is not saved in state: %s", show)
	}
	if out, err := cli.runWith(t, dir, plugins, "destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("destroy: %v\n%s", err, out)
	}
	if err := errors.Join(env.checkDestroyed("buckt_aws_account", id, nil), env.checkNothingLeft(nil)); err != nil {
		t.Error(err)
	}
}

// retryingValidation reports whether the create of the connection labelled
// label is retrying its validation: the emulator counted a second one, or a
// real Buckt marked the connection failed after the first.
func retryingValidation(t *testing.T, env *testEnv, label string) bool {
	if env.emu != nil {
		return env.requests(t, emulator.RouteValidateAWSAccount) >= 2
	}
	accounts, err := env.client.ListAWSAccounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(accounts, hasLabel(label))
	return i >= 0 && accounts[i].Status == buckt.StatusFailed
}
