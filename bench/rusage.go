package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The provider's own cost, exact from the kernel. Terraform starts the
// provider as a plugin several times per command; the bench puts itself in the
// provider's place (wrapProvider), so each plugin process is this program,
// which runs the wrapped provider as its child with the same stdio and, when it
// exits, appends the child's CPU time and peak RSS to the command's usage file.

// Variables by which the bench, as the plugin, finds the wrapped provider and
// the file of the command's usage.
const (
	wrappedProviderEnv = "BUCKT_BENCH_WRAPPED_PROVIDER"
	usageFileEnv       = "BUCKT_BENCH_USAGE_FILE"
)

// providerUsage is what the provider processes of one command used.
type providerUsage struct {
	cpu       time.Duration // user + system, summed over the processes
	peakKiB   int64         // the largest peak RSS of a process
	processes int
}

// wrapProvider moves the provider built at path aside and links this program
// in its place, and returns the variable that names the wrapped one.
func wrapProvider(path string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	wrapped := path + "-wrapped"
	if err := os.Rename(path, wrapped); err != nil {
		return "", err
	}
	return wrappedProviderEnv + "=" + wrapped, os.Symlink(self, path)
}

// serveWrappedProvider runs the provider wrapped with this process's arguments,
// stdio and signals, records its usage and returns its exit code.
func serveWrappedProvider(wrapped string) int {
	cmd := exec.CommandContext(context.Background(), wrapped, os.Args[1:]...) //nolint:gosec // the provider the bench built
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "bench provider wrapper:", err)
		return 1
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		cpu := time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
		//nolint:gosec // the file the bench named for this command
		if f, ferr := os.OpenFile(os.Getenv(usageFileEnv), os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o600); ferr == nil {
			fmt.Fprintf(f, "%d %d\n", cpu, usage.Maxrss) // one short write: lines of processes never mix
			_ = f.Close()
		}
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	return 0
}

// newUsageFile is an empty usage file for one command in dir.
func newUsageFile(dir string) (string, error) {
	f, err := os.CreateTemp(dir, "provider-usage-*")
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

// readUsage sums the usage file at path (Linux reports Maxrss in KiB).
func readUsage(path string) (providerUsage, error) {
	f, err := os.Open(filepath.Clean(path))
	if err != nil {
		return providerUsage{}, err
	}
	defer f.Close()
	var u providerUsage
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) != 2 {
			return u, fmt.Errorf("%s: bad line %q", path, s.Text())
		}
		cpu, err1 := strconv.ParseInt(fields[0], 10, 64)
		kib, err2 := strconv.ParseInt(fields[1], 10, 64)
		if err := errors.Join(err1, err2); err != nil {
			return u, fmt.Errorf("%s: %w", path, err)
		}
		u.cpu += time.Duration(cpu)
		u.peakKiB = max(u.peakKiB, kib)
		u.processes++
	}
	return u, s.Err()
}
