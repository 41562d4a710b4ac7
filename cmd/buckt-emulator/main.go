// Command buckt-emulator serves the in-memory Buckt API emulator on a loopback
// address, for demos and for running the provider against by hand.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "buckt-emulator:", err)
		os.Exit(1)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:8787", "loopback address to listen on")
	apiKey := flag.String("api-key", os.Getenv("BUCKT_API_KEY"), "API key clients must send (default $BUCKT_API_KEY)")
	iamDelay := flag.Duration("iam-delay", 5*time.Second, "how long a new or changed IAM role is not assumable")
	latency := flag.Duration("latency", 0, "delay added to every /v1 request")
	limit := flag.Float64("rate-limit", 0, "token bucket over all /v1 requests, per second, like a shared API key's quota; "+
		"beyond it a request gets 429 with Retry-After (0 = no limit)")
	rateLimit := flag.Float64("fault-rate-limit", 0, "probability of a 429 on a /v1 request")
	unavailable := flag.Float64("fault-unavailable", 0, "probability of a 503 on a /v1 request")
	drop := flag.Float64("fault-drop", 0, "probability that a /v1 write is done but its connection dropped")
	seed := flag.Int64("seed", 0, "fault RNG seed (0 = time-based)")
	urlFile := flag.String("url-file", "", "write the base URL to this file once listening (and the fixtures loaded)")
	fixtures := flag.String("fixtures", "", "JSON file of the simulated AWS side to start with: "+
		`{"iamRoles": [bodies of PUT /_admin/iam-roles], "s3Buckets": [bodies of POST /_admin/s3-buckets]}`)
	reword := flag.Bool("reword-errors", false, "say every error message in other words (same status, type, code and param), "+
		"as an independently written Buckt would, so that a client matching the emulator's sentences shows")
	offsets := flag.Bool("offset-cursors", false, "make list cursors offsets into the listing as it is at the next request, "+
		"as the contract allows: a deletion before the cursor makes a walk skip an item, an insertion before it repeat one")
	unordered := flag.Bool("unordered-ids", false, "make new ids random, not time-ordered, so that new items land anywhere "+
		"in the listings, not only at their end")
	flag.Parse()
	if *apiKey == "" {
		return errors.New("an API key is required: pass -api-key or set BUCKT_API_KEY")
	}

	srv, err := emulator.StartAt(*listen, emulator.Options{
		APIKey:              *apiKey,
		IAMPropagationDelay: *iamDelay,
		Latency:             *latency,
		RateLimit:           *limit,
		Faults:              emulator.Faults{RateLimit: *rateLimit, Unavailable: *unavailable, DropAfterCommit: *drop},
		Seed:                *seed,
		RewordErrors:        *reword,
		OffsetCursors:       *offsets,
		UnorderedIDs:        *unordered,
	})
	if err != nil {
		return err
	}
	if err := loadFixtures(srv, *fixtures); err != nil {
		_ = srv.Close()
		return err
	}
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(srv.URL()), 0o600); err != nil {
			_ = srv.Close()
			return err
		}
	}
	fmt.Printf("buckt emulator listening on %s (admin API under /_admin)\n", srv.URL())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return srv.Close()
}

// loadFixtures loads the fixtures file path into srv; "" is none.
func loadFixtures(srv *emulator.Server, path string) error {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path) //nolint:gosec // -fixtures names the file to read
	if err != nil {
		return err
	}
	return srv.LoadFixtures(data)
}
