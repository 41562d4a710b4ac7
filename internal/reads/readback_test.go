package reads

import (
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// readBackOrg is an emulator for the read-back of imports, and an importer
// with its own client.
func readBackOrg(t *testing.T) (*testOrg, *bucketImporter) {
	t.Helper()
	org := newTestOrg(t, emulator.Options{})
	return org, newBucketImporter(org.client)
}

func TestBucketImporter_batchInASmallConnectionIsReadFromOnePage(t *testing.T) {
	org, importer := readBackOrg(t)
	conn := org.activeConnection("510000000000", "small", 30, 0)
	imported := names("small", 0, 12)
	org.emu.ResetStats()
	results, err := importer.importNames(t.Context(), conn, imported)
	if err != nil {
		t.Fatal(err)
	}
	org.expectRequests(map[string]int{emulator.RouteImportBuckets: 1, emulator.RouteListBuckets: 1})
	for i, r := range results {
		want, err := org.client.GetBucket(t.Context(), r.ID)
		switch {
		case err != nil:
			t.Fatalf("%s: %v", imported[i], err)
		case r.Bucket == nil:
			t.Errorf("%s (%s) was not read back from the listing", imported[i], r.ID)
		case *r.Bucket != *want || want.Name != imported[i]:
			t.Errorf("%s: read back %+v, GET answers %+v", imported[i], *r.Bucket, *want)
		}
	}
}

func TestBucketImporter_loneImportIsLeftToItsGet(t *testing.T) {
	org, importer := readBackOrg(t)
	conn := org.activeConnection("520000000000", "lone", 1, 0)
	org.emu.ResetStats()
	results, err := importer.importNames(t.Context(), conn, []string{"lone-0000"})
	if err != nil || len(results) != 1 || results[0].Bucket != nil || results[0].ID == "" {
		t.Fatalf("results %+v, error %v; want one id, not read back", results, err)
	}
	org.expectRequests(map[string]int{emulator.RouteImportBuckets: 1})
}

// A connection that holds many buckets is walked only while its pages stay
// fewer than the buckets still missing; once seen to be that big, the
// buckets imported into it are left to their GETs without a walk.
func TestBucketImporter_bigConnectionIsWalkedOnlyWhileCheaper(t *testing.T) {
	org, importer := readBackOrg(t)
	conn := org.activeConnection("530000000000", "big", 960, 950)
	org.emu.ResetStats()
	results, err := importer.importNames(t.Context(), conn, names("big", 950, 955))
	if err != nil {
		t.Fatal(err)
	}
	// Unknown size, 5 missing: at most 4 pages, the oldest 400 of 955 buckets.
	org.expectRequests(map[string]int{emulator.RouteImportBuckets: 1, emulator.RouteListBuckets: 4})
	for _, r := range results {
		if r.ID == "" || r.Bucket != nil {
			t.Errorf("result %+v: want an id, the bucket left to its GET", r)
		}
	}
	if _, err := importer.importNames(t.Context(), conn, names("big", 955, 960)); err != nil {
		t.Fatal(err)
	}
	org.expectRequests(map[string]int{emulator.RouteImportBuckets: 1})
}

func TestBucketImporter_failedListingLeavesTheReadsToGets(t *testing.T) {
	org, importer := readBackOrg(t)
	conn := org.activeConnection("540000000000", "failing", 3, 0)
	org.emu.AddFaultRule(emulator.FaultRule{Route: emulator.RouteListBuckets, Status: 403, Times: 1})
	org.emu.ResetStats()
	results, err := importer.importNames(t.Context(), conn, names("failing", 0, 3))
	if err != nil {
		t.Fatalf("a failed read-back failed the import: %v", err)
	}
	org.expectRequests(map[string]int{emulator.RouteImportBuckets: 1, emulator.RouteListBuckets: 1})
	ids := map[string]bool{}
	for _, r := range results {
		if r.Bucket != nil {
			t.Errorf("result %+v read back from a listing that failed", r)
		}
		ids[r.ID] = true
	}
	if len(ids) != 3 || ids[""] {
		t.Errorf("ids %v, want 3 distinct ids", ids)
	}
}

// Where the listing adds new buckets at its end, the next batch is read from
// the page where the last walk ended; a walk from there that fails sends the
// next ones back to the first page.
func TestBucketImporter_nextWalkStartsWhereTheLastEnded(t *testing.T) {
	org, importer := readBackOrg(t)
	conn := org.activeConnection("550000000000", "tail", 180, 150)
	readBack := func(from, to int, wantPages int, wantFound bool) {
		t.Helper()
		org.emu.ResetStats()
		results, err := importer.importNames(t.Context(), conn, names("tail", from, to))
		if err != nil {
			t.Fatal(err)
		}
		org.expectRequests(map[string]int{emulator.RouteImportBuckets: 1, emulator.RouteListBuckets: wantPages})
		for _, r := range results {
			if found := r.Bucket != nil && r.Bucket.ID == r.ID; found != wantFound {
				t.Errorf("%s (from %d) read back: %v, want %v", r.ID, from, found, wantFound)
			}
		}
	}
	readBack(150, 160, 2, true) // first walk: both pages
	readBack(160, 170, 1, true) // from the last page
	org.emu.AddFaultRule(emulator.FaultRule{Route: emulator.RouteListBuckets, Status: 400, Times: 1})
	readBack(170, 175, 1, false) // the cursor fails: left to GETs
	readBack(175, 180, 2, true)  // from the first page again
}

// Where new buckets land anywhere in the listing (and its cursors are
// offsets), the walk that resumes at the last page misses them: it is never
// wrong. Whatever it reads back is the bucket a GET answers, the rest is left
// to GETs, and the next walks start at the first page.
func TestBucketImporter_newBucketsAnywhereInTheListingAreNeverReadWrong(t *testing.T) {
	org := newTestOrg(t, emulator.Options{OffsetCursors: true, UnorderedIDs: true})
	importer := newBucketImporter(org.client)
	conn := org.activeConnection("560000000000", "anywhere", 240, 150)
	readBack := 0
	for from := 150; from < 240; from += 10 {
		results, err := importer.importNames(t.Context(), conn, names("anywhere", from, from+10))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range results {
			if r.Bucket == nil {
				continue
			}
			readBack++
			if want, err := org.client.GetBucket(t.Context(), r.ID); err != nil || *r.Bucket != *want {
				t.Errorf("%s read back as %+v, GET answers %+v, %v", r.ID, *r.Bucket, want, err)
			}
		}
	}
	if readBack == 0 {
		t.Error("nothing was read back from the listing: the walks never found a bucket")
	}
}
