// Command terraform-provider-buckt serves the Buckt provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/buckt/terraform-provider-buckt/internal/provider"
)

// version is set at build time by goreleaser (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider in debug mode for a debugger such as delve")
	flag.Parse()

	if err := silenceUnreadLogs(debug); err != nil {
		log.Fatal(err)
	}
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/buckt/buckt",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
