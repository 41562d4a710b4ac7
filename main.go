// Command terraform-provider-buckt serves the Buckt provider to Terraform.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/buckt/terraform-provider-buckt/internal/provider"
)

// version is set at build time by goreleaser (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider in debug mode for a debugger such as delve")
	flag.Parse()

	server := providerserver.NewProtocol6(provider.New(version)())
	if !logsAreRead(os.Getenv, debug) {
		if err := silenceLogs(); err != nil {
			log.Fatal(err)
		}
		server = leanContexts(server)
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve("registry.terraform.io/buckt/buckt", server, opts...); err != nil {
		log.Fatal(err)
	}
}
