// Package reads is the read layer of the provider: everything that spans the
// requests of one Terraform operation. It holds the finders (a connection, a
// role attachment, an imported bucket), the resolution of what users know (a
// 12-digit AWS account id, `<connection>/<bucket name>`) into Buckt ids, the
// paged readers that serve a refresh from listing pages, and the import
// batcher with its read-back. A provider instance makes one Reads when it is
// configured; resources ask it, map the answer and set state. It knows HTTP
// only through the API interface and nothing of Terraform.
//
// # The doctrine: only an authoritative answer removes an object
//
// Pipelines of other teams create and delete in the same Buckt organization,
// often with the same API key, while this operation walks its listings. So:
//
//   - An object is gone only when GET /v1/.../{id} answers 404. Every "not
//     found" this package returns (buckt.IsNotFound) is such a 404, or
//     ErrNoRoleAttached confirmed by a GET: a resource may drop its state on
//     it. A listing that did not show an object, however complete its walk
//     looked, is never taken for gone: the read GETs it, which costs one
//     request per object that is really gone, and keeps a refresh within
//     RefreshBudget.
//   - What a listing page shows exists (as a GET at that moment would say it
//     did) and serves reads until this provider writes: every write drops
//     what was listed, and a page that was in flight across a write is thrown
//     away.
//   - A natural key that a walk did not find is looked for in a second walk
//     before the error, which says the listing may have changed while it was
//     walked. Nothing is resolved by a guess.
//   - A walk may show an object twice. Objects are kept by id, so a duplicate
//     is harmless: nothing is read, imported or returned twice.
//
// # What the code may assume of cursors
//
// The contract calls a cursor opaque. It may be a key ("after this id") or an
// offset, where a deletion before the cursor shifts later pages (a walk skips
// an object) and a creation before it repeats one; new objects may appear
// anywhere in the listing's order, not only at its end. So the code only
// passes back the nextCursor of the page before, ends a walk at a null one,
// and stops (falling back to GETs) at a cursor the walk has already followed.
// It never compares cursors, derives one, or infers an object's absence or
// its position from where a walk stopped. The import read-back resumes a walk
// where the last one ended, which is cheap where new buckets come last; where
// they do not, it finds fewer, and each create GETs the rest.
package reads
