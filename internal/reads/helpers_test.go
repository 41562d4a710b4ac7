package reads

import (
	"context"
	"fmt"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// testOrg is an emulator on 127.0.0.1 and a client of it: the Buckt API the
// read layer's tests run against over HTTP.
type testOrg struct {
	t      *testing.T
	emu    *emulator.Server
	client *buckt.Client
}

func newTestOrg(t *testing.T, opts emulator.Options) *testOrg {
	t.Helper()
	opts.APIKey = "reads-test-key"
	emu, err := emulator.Start(opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() { _ = emu.Close() })
	client, err := buckt.New(buckt.Config{Endpoint: emu.URL(), APIKey: opts.APIKey})
	if err != nil {
		t.Fatal(err)
	}
	return &testOrg{t: t, emu: emu, client: client}
}

// names are "<prefix>-<i>" for i in [from, to).
func names(prefix string, from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("%s-%04d", prefix, i))
	}
	return out
}

// activeConnection connects AWS account number through a validated role,
// with s3 buckets "<prefix>-<i>" of which the first imported are imported.
func (o *testOrg) activeConnection(number, prefix string, s3, imported int) string {
	o.t.Helper()
	ctx := context.Background()
	arn := "arn:aws:iam::" + number + ":role/Buckt"
	o.emu.PutRole(emulator.Role{ARN: arn})
	all := names(prefix, 0, s3)
	o.emu.PutS3Buckets(number, all...)
	id, err := o.client.ConnectAWSAccount(ctx, nil)
	if err == nil {
		err = o.client.UpdateAWSAccount(ctx, id, buckt.AWSAccountUpdate{RoleARN: buckt.SetTo(arn)})
	}
	if err == nil {
		err = o.client.ValidateAWSAccount(ctx, id)
	}
	for start := 0; err == nil && start < imported; start += buckt.MaxPageSize {
		_, err = o.client.ImportBuckets(ctx, id, all[start:min(start+buckt.MaxPageSize, imported)])
	}
	if err != nil {
		o.t.Fatal(err)
	}
	return id
}

// expectRequests compares the emulator's requests since the last reset with
// want (routes not named must be 0), then resets them.
func (o *testOrg) expectRequests(want map[string]int) {
	o.t.Helper()
	for route := range want {
		if !emulator.KnownRoute(route) {
			o.t.Fatalf("%q is not a route of the emulator", route)
		}
	}
	got := o.emu.Stats().Requests
	for route, n := range got {
		if n != want[route] {
			o.t.Errorf("%s x%d, want %d (all requests: %v)", route, n, want[route], got)
		}
	}
	for route, n := range want {
		if got[route] != n {
			o.t.Errorf("%s x%d, want %d", route, got[route], n)
		}
	}
	o.emu.ResetStats()
}
