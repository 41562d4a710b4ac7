package reads

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

// importWindow and importWindowMax bound how long a batch waits for more
// creates of its connection. Terraform starts the first creates of a for_each
// within milliseconds of each other: the first batch waits importWindow, which
// gathers them before anything is known of how many run at once, and which a
// lone create, whose import and read take two round trips anyway, barely
// notices. Later creates come one by one as Terraform records the ones before
// them, so a later batch leaves as soon as it holds every import that runs at
// once (no other can start before they return) or, once importWindow has
// passed, half of them: the other half gathers while it is in flight, so
// Terraform is not left idle for its round trips. Waiting for all of them
// instead cost wall time, and importWindow alone made small batches (bench:
// the import adoption rows of bench/RESULTS.md). importWindowMax bounds the
// wait of a batch that gets neither.
const (
	importWindow    = 50 * time.Millisecond
	importWindowMax = 250 * time.Millisecond
)

// maxImportBatch is the most names one importBuckets call carries: a full
// batch leaves at once.
const maxImportBatch = 100

// Imported is what importing one name gave: its Buckt id and, when the
// batch's read-back found it, the bucket as the API returned it (nil: not read
// yet; the create GETs it).
type Imported struct {
	ID     string
	Bucket *buckt.Bucket
}

// importFunc imports names into a connection as one logical request and
// returns what it imported, in the order of names.
type importFunc func(ctx context.Context, account string, names []string) ([]Imported, error)

// importBatcher lets concurrent creates of buckt_imported_bucket in one
// connection share one importBuckets call. importBuckets is all-or-nothing, so
// a batch refused for what it names (any 4xx but 429) imported nothing, and
// each of its names is then imported alone: every resource gets the error a
// single import gives it, and nothing is imported twice. Any other failure
// (429 or 5xx past the retries, a lost connection) is every member's error, as
// it would be alone: whether the batch was imported is not known, and the next
// plan finds out. A batch is one logical request with one idempotency key, so
// the client's retries of it act once; each fallback import is its own.
type importBatcher struct {
	send      importFunc
	window    time.Duration
	maxWindow time.Duration
	max       int
	clock     clock.Clock // what the windows wait on

	mu   sync.Mutex
	open map[string]*importBatch // by connection: the batch still taking names
	// inFlight counts the imports in progress and parked those in batches not
	// sent yet; atOnce is how many imports run at once: the most in flight,
	// lowered to what is in flight when a batch waited importWindowMax.
	inFlight, parked, atOnce int
	departed                 bool // a batch has left: atOnce is known
	// changed is closed (and replaced) whenever an import joins or leaves.
	changed chan struct{}
}

// importBatch is the names one connection collected in one window.
type importBatch struct {
	members []*batchMember // b.mu; fixed once sent
	sent    bool           // b.mu
	// minimum and maximum end the batch's two windows; ready tells (b.mu) that
	// minimum has; release is closed when the batch may leave before maximum.
	minimum, maximum <-chan struct{}
	ready, released  bool
	release          chan struct{}
	done             chan struct{} // closed once the outcome below is set
	cancel           context.CancelFunc
	// The outcome: each member's result, or an error for all, or fallback.
	err      error
	fallback bool
}

// batchMember is one create waiting in a batch.
type batchMember struct {
	name   string
	left   bool // b.mu: its context ended after the batch was sent
	result Imported
}

func newImportBatcher(send importFunc, clk clock.Clock) *importBatcher {
	return &importBatcher{send: send, window: importWindow, maxWindow: importWindowMax, max: maxImportBatch,
		clock: clk, open: map[string]*importBatch{}, changed: make(chan struct{})}
}

// ImportBucket imports S3 bucket name into connection awsAccount, sharing one
// importBuckets call with the creates of the same connection that run at
// once, and returns what a single import would: its id (and, when the
// batch's read-back found it, the bucket), or its own error.
func (r *Reads) ImportBucket(ctx context.Context, awsAccount, name string) (Imported, error) {
	return r.imports.importBucket(ctx, awsAccount, name)
}

// importBucket imports one name into account with the other names that
// concurrent creates import into it within the window, and returns its result
// as importing it alone would. If ctx ends first, it returns ctx's error: the
// name leaves a batch not yet sent, and a sent batch goes on for the others
// (it is cancelled only when every member has left).
func (b *importBatcher) importBucket(ctx context.Context, account, name string) (Imported, error) {
	batch, member := b.join(ctx, account, name)
	defer b.finished()
	select {
	case <-batch.done:
	case <-ctx.Done():
		b.leave(batch, member)
		return Imported{}, ctx.Err()
	}
	switch {
	case batch.fallback:
		tflog.Debug(ctx, "The batch import was refused; importing this bucket alone", map[string]any{"aws_account": account, "name": name})
		results, err := b.send(ctx, account, []string{name})
		if err != nil {
			return Imported{}, err
		}
		return results[0], nil
	case batch.err != nil:
		return Imported{}, batch.err
	}
	return member.result, nil
}

// join adds name to the open batch of account, opening one (and starting its
// windows) when there is none; a batch that reaches max names leaves at once.
func (b *importBatcher) join(ctx context.Context, account, name string) (*importBatch, *batchMember) {
	b.mu.Lock()
	defer b.mu.Unlock()
	batch := b.open[account]
	if batch == nil {
		// The request outlives the create that opened the batch: it serves all.
		sendCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		batch = &importBatch{release: make(chan struct{}), done: make(chan struct{}), cancel: cancel,
			minimum: clock.After(sendCtx, b.clock, b.window), maximum: clock.After(sendCtx, b.clock, b.maxWindow)}
		b.open[account] = batch
		go b.run(sendCtx, account, batch)
	}
	member := &batchMember{name: name}
	batch.members = append(batch.members, member)
	b.inFlight++
	b.parked++
	b.atOnce = max(b.atOnce, b.inFlight)
	b.changedLocked()
	if len(batch.members) == b.max {
		delete(b.open, account)
		batch.releaseLocked()
	}
	return batch, member
}

// leave takes a member whose context ended out of its batch: out of the names
// if the batch is not sent yet; else the request is cancelled once every
// member has left.
func (b *importBatcher) leave(batch *importBatch, member *batchMember) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !batch.sent {
		batch.members = slices.DeleteFunc(batch.members, func(m *batchMember) bool { return m == member })
		b.parked--
		b.changedLocked()
		return
	}
	member.left = true
	if !slices.ContainsFunc(batch.members, func(m *batchMember) bool { return !m.left }) {
		batch.cancel()
	}
}

// finished counts one import out of flight.
func (b *importBatcher) finished() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inFlight--
}

// changedLocked wakes the batches waiting for a change; b.mu is held.
func (b *importBatcher) changedLocked() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// run waits out the batch's windows, sends it and records its outcome.
func (b *importBatcher) run(ctx context.Context, account string, batch *importBatch) {
	defer batch.cancel()
	defer close(batch.done)
	b.wait(batch)
	b.mu.Lock()
	if b.open[account] == batch {
		delete(b.open, account)
	}
	batch.sent = true
	members := batch.members
	b.parked -= len(members)
	b.departed = b.departed || len(members) > 0
	b.mu.Unlock()
	if len(members) == 0 {
		return // every member left before it was sent
	}
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = m.name
	}
	tflog.Debug(ctx, "Importing buckets in one request", map[string]any{"aws_account": account, "count": len(names)})
	results, err := b.send(ctx, account, names)
	switch {
	case err == nil:
		for i, m := range members {
			m.result = results[i]
		}
	case len(names) > 1 && refusedForItsNames(err):
		batch.fallback = true
	default:
		batch.err = err
	}
}

// wait returns when the batch may leave: when it is full; as soon as every
// import in flight waits in a batch, as many as ran at once before (every
// open batch leaves then); after importWindow, when it holds half as many
// (the other half comes while it is in flight, so Terraform is never left
// waiting for a whole round trip), or anything before any batch left, when
// how many run at once is not known yet; else after importWindowMax, which
// also lowers what runs at once to what is in flight then.
func (b *importBatcher) wait(batch *importBatch) {
	minimum := batch.minimum
	for {
		b.mu.Lock()
		if b.departed && b.parked >= b.atOnce {
			for _, open := range b.open {
				open.releaseLocked()
			}
		}
		if batch.ready && (!b.departed || 2*len(batch.members) >= b.atOnce) {
			batch.releaseLocked()
		}
		changed := b.changed
		b.mu.Unlock()
		select {
		case <-batch.release:
			return
		case <-changed:
		case <-minimum:
			b.mu.Lock()
			batch.ready = true
			b.mu.Unlock()
			minimum = nil
		case <-batch.maximum:
			b.mu.Lock()
			b.atOnce = b.inFlight
			b.mu.Unlock()
			return
		}
	}
}

// releaseLocked lets the batch leave before its importWindowMax; b.mu is held.
func (batch *importBatch) releaseLocked() {
	if !batch.released {
		batch.released = true
		close(batch.release)
	}
}

// refusedForItsNames reports whether an importBuckets call was answered with a
// client error other than 429: the API then imported nothing, and the fault
// may lie with one name (not visible, already imported), which importing each
// name alone pins on its own resource.
func refusedForItsNames(err error) bool {
	var apiErr *buckt.APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode >= 400 && apiErr.StatusCode < 500 &&
		apiErr.StatusCode != http.StatusTooManyRequests
}
