package provider

import (
	"fmt"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// readBackEnv is an emulator for the read-back of imports, and an importer
// with its own client.
func readBackEnv(t *testing.T) (*testEnv, *emulator.Server, *bucketImporter) {
	t.Helper()
	skipAgainstRealBuckt(t, "count the requests of imports")
	env := newTestEnv(t, emulator.Options{})
	client, err := buckt.New(buckt.Config{Endpoint: env.endpoint, APIKey: env.apiKey})
	if err != nil {
		t.Fatal(err)
	}
	return env, env.emu, newBucketImporter(client)
}

// bucketNames are "<prefix>-<i>" for i in [from, to).
func bucketNames(prefix string, from, to int) []string {
	var names []string
	for i := from; i < to; i++ {
		names = append(names, fmt.Sprintf("%s-%04d", prefix, i))
	}
	return names
}

// expectRequests compares the emulator's requests since the last reset with
// want (routes not named must be 0), then resets them.
func expectRequests(t *testing.T, emu *emulator.Server, want map[string]int) {
	t.Helper()
	for route := range want {
		if !emulator.KnownRoute(route) {
			t.Fatalf("%q is not a route of the emulator", route)
		}
	}
	got := emu.Stats().Requests
	for route, n := range got {
		if n != want[route] {
			t.Errorf("%s x%d, want %d (all requests: %v)", route, n, want[route], got)
		}
	}
	for route, n := range want {
		if got[route] != n {
			t.Errorf("%s x%d, want %d", route, got[route], n)
		}
	}
	emu.ResetStats()
}

func TestBucketImporter_batchInASmallConnectionIsReadFromOnePage(t *testing.T) {
	env, emu, importer := readBackEnv(t)
	conn := seedActiveConnection(t, env, "510000000000", "small", 30, 0)
	names := bucketNames("small", 0, 12)
	emu.ResetStats()
	results, err := importer.importNames(env.ctx(), conn.id, names)
	if err != nil {
		t.Fatal(err)
	}
	expectRequests(t, emu, map[string]int{emulator.RouteImportBuckets: 1, emulator.RouteListBuckets: 1})
	for i, r := range results {
		want, err := env.client.GetBucket(env.ctx(), r.id)
		switch {
		case err != nil:
			t.Fatalf("%s: %v", names[i], err)
		case r.bucket == nil:
			t.Errorf("%s (%s) was not read back from the listing", names[i], r.id)
		case *r.bucket != *want || want.Name != names[i]:
			t.Errorf("%s: read back %+v, GET answers %+v", names[i], *r.bucket, *want)
		}
	}
}

func TestBucketImporter_loneImportIsLeftToItsGet(t *testing.T) {
	env, emu, importer := readBackEnv(t)
	conn := seedActiveConnection(t, env, "520000000000", "lone", 1, 0)
	emu.ResetStats()
	results, err := importer.importNames(env.ctx(), conn.id, []string{"lone-0000"})
	if err != nil || len(results) != 1 || results[0].bucket != nil || results[0].id == "" {
		t.Fatalf("results %+v, error %v; want one id, not read back", results, err)
	}
	expectRequests(t, emu, map[string]int{emulator.RouteImportBuckets: 1})
}

// A connection that holds many buckets is walked only while its pages stay
// fewer than the buckets still missing; once seen to be that big, the
// buckets imported into it are left to their GETs without a walk.
func TestBucketImporter_bigConnectionIsWalkedOnlyWhileCheaper(t *testing.T) {
	env, emu, importer := readBackEnv(t)
	conn := seedActiveConnection(t, env, "530000000000", "big", 960, 950)
	emu.ResetStats()
	results, err := importer.importNames(env.ctx(), conn.id, bucketNames("big", 950, 955))
	if err != nil {
		t.Fatal(err)
	}
	// Unknown size, 5 missing: at most 4 pages, the oldest 400 of 955 buckets.
	expectRequests(t, emu, map[string]int{emulator.RouteImportBuckets: 1, emulator.RouteListBuckets: 4})
	for _, r := range results {
		if r.id == "" || r.bucket != nil {
			t.Errorf("result %+v: want an id, the bucket left to its GET", r)
		}
	}
	if _, err := importer.importNames(env.ctx(), conn.id, bucketNames("big", 955, 960)); err != nil {
		t.Fatal(err)
	}
	expectRequests(t, emu, map[string]int{emulator.RouteImportBuckets: 1})
}

func TestBucketImporter_failedListingLeavesTheReadsToGets(t *testing.T) {
	env, emu, importer := readBackEnv(t)
	conn := seedActiveConnection(t, env, "540000000000", "failing", 3, 0)
	emu.AddFaultRule(emulator.FaultRule{Route: emulator.RouteListBuckets, Status: 403, Times: 1})
	emu.ResetStats()
	results, err := importer.importNames(env.ctx(), conn.id, bucketNames("failing", 0, 3))
	if err != nil {
		t.Fatalf("a failed read-back failed the import: %v", err)
	}
	expectRequests(t, emu, map[string]int{emulator.RouteImportBuckets: 1, emulator.RouteListBuckets: 1})
	ids := map[string]bool{}
	for _, r := range results {
		if r.bucket != nil {
			t.Errorf("result %+v read back from a listing that failed", r)
		}
		ids[r.id] = true
	}
	if len(ids) != 3 || ids[""] {
		t.Errorf("ids %v, want 3 distinct ids", ids)
	}
}

// Where the listing adds new buckets at its end, the next batch is read from
// the page where the last walk ended; a walk from there that fails sends the
// next ones back to the first page.
func TestBucketImporter_nextWalkStartsWhereTheLastEnded(t *testing.T) {
	env, emu, importer := readBackEnv(t)
	conn := seedActiveConnection(t, env, "550000000000", "tail", 180, 150)
	readBack := func(from, to int, wantPages int, wantFound bool) {
		t.Helper()
		emu.ResetStats()
		results, err := importer.importNames(env.ctx(), conn.id, bucketNames("tail", from, to))
		if err != nil {
			t.Fatal(err)
		}
		expectRequests(t, emu, map[string]int{emulator.RouteImportBuckets: 1, emulator.RouteListBuckets: wantPages})
		for _, r := range results {
			if found := r.bucket != nil && r.bucket.ID == r.id; found != wantFound {
				t.Errorf("%s (from %d) read back: %v, want %v", r.id, from, found, wantFound)
			}
		}
	}
	readBack(150, 160, 2, true) // first walk: both pages
	readBack(160, 170, 1, true) // from the last page
	emu.AddFaultRule(emulator.FaultRule{Route: emulator.RouteListBuckets, Status: 400, Times: 1})
	readBack(170, 175, 1, false) // the cursor fails: left to GETs
	readBack(175, 180, 2, true)  // from the first page again
}
