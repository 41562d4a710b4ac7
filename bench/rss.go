package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// rssInterval is how often /proc is polled. VmHWM is a high-water mark, so a
// sample only misses growth in the last interval of a provider process's life.
const rssInterval = 25 * time.Millisecond

// pollPeakRSS watches every process running exe (Terraform starts the provider
// several times per command) until stop is called, which returns the largest
// VmHWM seen, in KiB; 0 if no such process was seen.
func pollPeakRSS(exe string) (stop func() int64) {
	done := make(chan struct{})
	peak := make(chan int64)
	go func() {
		var kib int64
		ticker := time.NewTicker(rssInterval)
		defer ticker.Stop()
		for {
			kib = max(kib, sampleHWM(exe))
			select {
			case <-done:
				peak <- kib
				return
			case <-ticker.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		return <-peak
	}
}

// sampleHWM returns the largest VmHWM, in KiB, of the processes running exe now.
func sampleHWM(exe string) int64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	var kib int64
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		dir := filepath.Join("/proc", e.Name())
		if target, err := os.Readlink(filepath.Join(dir, "exe")); err != nil || target != exe {
			continue
		}
		kib = max(kib, readHWM(filepath.Join(dir, "status")))
	}
	return kib
}

// readHWM parses the "VmHWM:   1234 kB" line of a /proc/<pid>/status file.
func readHWM(path string) int64 {
	f, err := os.Open(path) //nolint:gosec // a /proc status file we list ourselves
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kib
		}
	}
	return 0
}
