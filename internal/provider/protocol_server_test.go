package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestProtocolServerFactory_acceptanceTestsRunTheServedServer: the factory of
// the acceptance tests makes the server main.go serves, lean when nobody reads
// the provider's logs, and the framework's own when a test asks for them.
func TestProtocolServerFactory_acceptanceTestsRunTheServedServer(t *testing.T) {
	withoutLogReaders(t)
	server, err := testProviders["buckt"]()
	if err != nil {
		t.Fatal(err)
	}
	if _, lean := server.(leanServer); !lean {
		t.Errorf("without TF_LOG the acceptance tests run %T, not the leanServer users get", server)
	}
	t.Setenv("TF_LOG", "trace")
	if server, _ := testProviders["buckt"](); isLean(server) {
		t.Error("with TF_LOG=trace the acceptance tests run a leanServer, whose requests carry no loggers")
	}
}

// TestProtocolServerFactory_keepsListResourcesActionsAndStateStores: the
// server main.go serves, lean or not, still implements what terraform-plugin-go
// asserts to find list resources, actions and state stores. It names the
// interfaces that will stay when terraform-plugin-go folds its deprecated
// ProviderServerWith... interfaces into ProviderServer, so the fold breaks
// only lean_contexts.go (see frameworkServer); this test then keeps checking
// that the wrapper loses nothing.
func TestProtocolServerFactory_keepsListResourcesActionsAndStateStores(t *testing.T) {
	withoutLogReaders(t)
	for _, c := range []struct {
		name     string
		debug    bool
		wantLean bool
	}{
		{"nobody reads the logs", false, true},
		{"debug mode", true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			server := ProtocolServerFactory("test", c.debug)()
			if isLean(server) != c.wantLean {
				t.Fatalf("the factory made %T, want a leanServer: %t", server, c.wantLean)
			}
			if _, ok := server.(tfprotov6.ListResourceServer); !ok {
				t.Error("list resources are lost")
			}
			if _, ok := server.(tfprotov6.ActionServer); !ok {
				t.Error("actions are lost")
			}
			if _, ok := server.(tfprotov6.StateStoreServer); !ok {
				t.Error("state stores are lost")
			}
		})
	}
}

func isLean(server tfprotov6.ProviderServer) bool {
	_, lean := server.(leanServer)
	return lean
}
