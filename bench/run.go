package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

// Exit codes of `terraform plan -detailed-exitcode`.
const planHasChanges = 2

// outputTail is how many lines of Terraform's output a failure shows.
const outputTail = 30

// commands are the timed Terraform commands of one run, in order.
var commands = []struct {
	name string
	args []string
}{
	{"apply", []string{"apply", "-auto-approve", "-input=false", "-no-color"}},
	{"plan", []string{"plan", "-input=false", "-no-color", "-detailed-exitcode"}},
	{"destroy", []string{"destroy", "-auto-approve", "-input=false", "-no-color"}},
}

// terraform runs the Terraform CLI with the benchmark's environment.
type terraform struct {
	bin string
	env []string // all of Terraform's environment but the BUCKT_* of a run: cleanEnv
}

// result is one timed command.
type result struct {
	wall     time.Duration
	provider providerUsage
	changes  string // the end of a plan's output when it found differences
}

// run times one command in dir. A plan that finds changes is a result, not an
// error; any other non-zero exit is an error with the end of the output.
func (tf terraform) run(ctx context.Context, dir string, args []string, extraEnv ...string) (result, error) {
	var out bytes.Buffer
	usageFile, err := newUsageFile(dir)
	if err != nil {
		return result{}, err
	}
	cmd := tf.command(ctx, dir, args, append(extraEnv, usageFileEnv+"="+usageFile)...)
	cmd.Stdout = &out
	cmd.Stderr = &out

	start := time.Now()
	err = cmd.Run()
	res := result{wall: time.Since(start)}
	if usage, uerr := readUsage(usageFile); uerr == nil {
		res.provider = usage
	} else if err == nil {
		err = uerr
	}

	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == planHasChanges && args[0] == "plan" {
		res.changes = tail(out.String(), outputTail)
		return res, nil
	}
	if err != nil {
		return res, fmt.Errorf("terraform %s in %s: %w\n%s", args[0], dir, err, tail(out.String(), outputTail))
	}
	return res, nil
}

// runAll runs args in every dir at once, each its own Terraform process, and
// returns their results and the wall time until the last one ended. It waits
// for every process, and returns every error.
func (tf terraform) runAll(ctx context.Context, dirs []string, args []string, extraEnv ...string) ([]result, time.Duration, error) {
	results := make([]result, len(dirs))
	errs := make([]error, len(dirs))
	var wg sync.WaitGroup
	start := time.Now()
	for i, dir := range dirs {
		wg.Go(func() { results[i], errs[i] = tf.run(ctx, dir, args, extraEnv...) })
	}
	wg.Wait()
	return results, time.Since(start), errors.Join(errs...)
}

// command is Terraform with args in dir, its environment tf.env and extraEnv only.
func (tf terraform) command(ctx context.Context, dir string, args []string, extraEnv ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, tf.bin, args...) //nolint:gosec // our own Terraform binary and fixed arguments
	cmd.Dir = dir
	cmd.Env = append(slices.Clip(tf.env), extraEnv...)
	return cmd
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
