package provider

import (
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// ProtocolServerFactory makes the provider's protocol server: the one main.go
// serves to Terraform and the one the acceptance tests run (testProviders).
// It is the framework's server, in leanServer unless someone reads the
// provider's logs (logsAreRead, decided from the environment when this is
// called; debug is the provider's -debug flag).
func ProtocolServerFactory(version string, debug bool) func() tfprotov6.ProviderServer {
	server := providerserver.NewProtocol6(New(version)())
	if logsAreRead(os.Getenv, debug) {
		return server
	}
	return leanContexts(server)
}
