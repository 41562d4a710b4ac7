package buckt_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// Terraform runs up to 10 operations at once: the client must keep that many
// connections alive instead of dialing (and, over TLS, handshaking) per request.
func TestConnectionsAreReusedAtTerraformsParallelism(t *testing.T) {
	const parallelism, requests = 10, 200
	srv, err := emulator.Start(emulator.Options{APIKey: "k", Latency: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Close() }()
	c, err := buckt.New(buckt.Config{Endpoint: srv.URL(), APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := c.ConnectAWSAccount(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetStats()
	var wg sync.WaitGroup
	for range parallelism {
		wg.Go(func() {
			for range requests / parallelism {
				if _, err := c.GetAWSAccount(ctx, id); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	n := srv.Stats().Connections
	t.Logf("%d requests at parallelism %d: %d connections", requests, parallelism, n)
	if n > 2*parallelism {
		t.Errorf("%d requests at parallelism %d opened %d connections: keep-alive is not reusing them", requests, parallelism, n)
	}
}
