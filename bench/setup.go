package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// setup prepares what every run shares: the newest Terraform on the machine
// (scripts/newest-terraform.sh; adoption needs 1.7), and the provider built
// from the work tree with a CLI config whose dev_overrides make `terraform
// init` unnecessary (scripts/dev-provider.sh).
func setup(ctx context.Context, tmp string) (terraform, string, error) {
	root, err := repoRoot(ctx)
	if err != nil {
		return terraform{}, "", err
	}
	bin, err := output(ctx, root, "bash", "scripts/newest-terraform.sh")
	if err != nil {
		return terraform{}, "", err
	}
	plugins := filepath.Join(tmp, "plugins")
	if _, err := output(ctx, root, "bash", "scripts/dev-provider.sh", plugins); err != nil {
		return terraform{}, "", err
	}
	wrapped, err := wrapProvider(filepath.Join(plugins, "terraform-provider-buckt"))
	if err != nil {
		return terraform{}, "", err
	}
	tf := terraform{bin: bin, env: append(cleanEnv(filepath.Join(plugins, "terraformrc")), wrapped)}
	version, err := tf.command(ctx, root, []string{"version"}).Output()
	if err != nil {
		return terraform{}, "", fmt.Errorf("%s version: %w", tf.bin, err)
	}
	return tf, strings.TrimSpace(strings.SplitN(string(version), "\n", 2)[0]), nil
}

// cleanEnv is all of the environment Terraform gets: the machine's PATH and
// HOME, and the CLI config. Nothing else of the caller's reaches it (a
// developer's BUCKT_MAX_REQUESTS_PER_SECOND or TF_CLI_ARGS would skew the
// budgets); the runs add the BUCKT_* variables of their emulator.
func cleanEnv(cliConfig string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"TF_CLI_CONFIG_FILE=" + cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
	}
}

// repoRoot is the module's directory, so `go run ./bench` works from anywhere in it.
func repoRoot(ctx context.Context) (string, error) {
	gomod, err := output(ctx, "", "go", "env", "GOMOD")
	if err != nil {
		return "", err
	}
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the provider's Go module")
	}
	return filepath.Dir(gomod), nil
}

// output runs a setup command and returns its trimmed stdout.
func output(ctx context.Context, dir, name string, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...) //nolint:gosec // go, bash and Terraform with fixed arguments
	cmd.Dir = dir
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(stdout.String()), nil
}

// machine describes where the numbers were measured.
type machine struct {
	cpu       string
	cpus      int
	goVersion string
	terraform string
}

func describeMachine(terraformVersion string) machine {
	return machine{cpu: cpuModel(), cpus: runtime.NumCPU(), goVersion: runtime.Version(), terraform: terraformVersion}
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if key, value, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown"
}
