package provider

import (
	"context"
	"runtime"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// requestPayload is the size of what each test request's context carries, as
// terraform-plugin-go's per-request loggers do.
const requestPayload = 16 << 10

type payloadKey struct{}

// keptPerRequest sends n requests to server, each with a context carrying
// requestPayload bytes and cancelled once answered, as gRPC does, and returns
// how much of the heap they left behind, per request.
func keptPerRequest(t *testing.T, server tfprotov6.ProviderServer, n int) uint64 {
	t.Helper()
	before := liveHeap()
	for range n {
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), payloadKey{}, make([]byte, requestPayload)))
		_, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "buckt_aws_account"})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
	after := liveHeap()
	runtime.KeepAlive(server)
	if after < before {
		return 0
	}
	return (after - before) / uint64(n)
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestLeanContexts_requestContextsAreNotKept proves, against the framework's
// real server, that it keeps every request's context (if it stops, this test
// fails: leanServer is then no longer needed) and that leanServer keeps none.
func TestLeanContexts_requestContextsAreNotKept(t *testing.T) {
	const n = 500
	framework := providerserver.NewProtocol6(New("test")())
	kept := keptPerRequest(t, framework(), n)
	lean := keptPerRequest(t, leanContexts(framework)(), n)
	t.Logf("bytes kept per request: %d by the framework's server, %d through leanServer", kept, lean)
	if kept < requestPayload {
		t.Fatalf("the framework kept %d bytes per request, less than the %d its context carried: it no longer keeps "+
			"request contexts, so leanServer can go", kept, requestPayload)
	}
	if lean > 1<<10 {
		t.Errorf("through leanServer %d bytes were kept per request, want at most 1 KiB", lean)
	}
}

// TestLeanContexts_cancellationReachesTheRequest: the lean context ends when
// the request's does, and carries none of its values.
func TestLeanContexts_cancellationReachesTheRequest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), payloadKey{}, "value"))
	started, finished := make(chan context.Context), make(chan error)
	go func() {
		_, err := withLeanContext(ctx, struct{}{}, func(lean context.Context, _ struct{}) (struct{}, error) {
			started <- lean
			<-lean.Done()
			return struct{}{}, lean.Err()
		})
		finished <- err
	}()
	lean := <-started
	if lean.Value(payloadKey{}) != nil {
		t.Error("the lean context carries the request context's values")
	}
	cancel()
	if err := <-finished; err == nil {
		t.Error("cancelling the request did not end the lean context")
	}
}
