// Command terraform-provider-buckt serves the Buckt provider to Terraform.
package main

import (
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/buckt/terraform-provider-buckt/internal/provider"
)

// version is set at build time by goreleaser (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debugMode bool
	flag.BoolVar(&debugMode, "debug", false, "start the provider in debug mode for a debugger such as delve")
	flag.Parse()

	// The provider's live heap stays small (a few MB at a plan of 1,000
	// resources, see internal/provider/lean_contexts.go) while it allocates
	// fast, so the GC runs often for little: a target of twice the default cut
	// plan CPU by a quarter for 6 MiB more peak RSS (42 MiB at 1,000
	// connections). GOGC still decides when set.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	server := provider.ProtocolServerFactory(version, debugMode)
	if err := provider.SilenceUnreadLogs(debugMode); err != nil {
		log.Fatal(err)
	}
	var opts []tf6server.ServeOpt
	if debugMode {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve("registry.terraform.io/buckt/buckt", server, opts...); err != nil {
		log.Fatal(err)
	}
}
