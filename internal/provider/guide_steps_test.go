package provider

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/go-version"
)

// guideStepsMarker precedes a shell block of a guide that CI runs as written,
// with the oldest Terraform the steps need when it is newer than 1.5.
var guideStepsMarker = regexp.MustCompile("(?s)<!-- The steps below run in CI, as written(?: \\(Terraform ([0-9.]+)\\+\\))?: [^>]*-->\\s*```shell\\n(.*?)```")

// TestAccGuideSteps_runAsWritten runs, with bash in a copy of the repository,
// every guide's shell block that is marked as run in CI, on the Terraform CLI
// under test: a guide whose steps drift fails here. The steps start their own
// emulator, as the guides tell readers to, whatever Buckt the other tests use.
func TestAccGuideSteps_runAsWritten(t *testing.T) {
	cli := newAcceptanceCLI(t)
	if cliIsOpenTofu(cli.path) {
		t.Skip("the guides' steps run terraform; OpenTofu runs the same examples through the other tests")
	}
	cliVersion := terraformVersion(t, cli.path)
	root := repoRoot(t)
	templates, err := filepath.Glob(filepath.Join(root, "templates", "guides", "*.md.tmpl"))
	if err != nil || len(templates) == 0 {
		t.Fatalf("no guide templates (%v)", err)
	}
	ran := 0
	for _, template := range templates {
		content, err := os.ReadFile(template)
		if err != nil {
			t.Fatal(err)
		}
		for _, block := range guideStepsMarker.FindAllStringSubmatch(string(content), -1) {
			ran++
			t.Run(strings.TrimSuffix(filepath.Base(template), ".md.tmpl"), func(t *testing.T) {
				if minimum := block[1]; minimum != "" && !versionAtLeast(cliVersion, version.Must(version.NewVersion(minimum))) {
					t.Skipf("these steps need Terraform %s or later; this is %s", minimum, cliVersion)
				}
				runGuideSteps(t, cli, root, block[2])
			})
		}
	}
	if ran == 0 {
		t.Fatal("no guide has steps marked to run in CI")
	}
}

// runGuideSteps runs steps with bash in a copy of the repository at root,
// with the CLI under test as terraform on the PATH, then stops whatever the
// steps started (the emulator).
func runGuideSteps(t *testing.T, cli *acceptanceCLI, root, steps string) {
	dir := t.TempDir()
	copyRepository(t, root, dir)
	bin := t.TempDir()
	if err := os.Symlink(cli.path, filepath.Join(bin, "terraform")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), cliCommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", "set -euo pipefail\n"+steps)
	cmd.Dir = dir
	cmd.Env = cliEnv("PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its own group, stopped as a whole below
	out, err := cmd.CombinedOutput()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "emulator.log"))
		t.Fatalf("the guide's steps failed: %v\n%s\n--- steps:\n%s\n--- emulator.log:\n%s", err, out, steps, log)
	}
}

// copyRepository copies the files git knows of (tracked, or new and not
// ignored) from root to dst, so that steps that write files leave root alone.
func copyRepository(t *testing.T, root, dst string) {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	list, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		content, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the work tree
		}
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, content, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}
