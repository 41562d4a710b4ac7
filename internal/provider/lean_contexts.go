package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// frameworkServer is every protocol server the framework's provider server
// implements; terraform-plugin-go finds list resources, actions and state
// stores by asserting these interfaces, so a wrapper must keep them all.
//
// terraform-plugin-go marks the three deprecated, to be folded into
// ProviderServer. This is the only place that names them: when the fold
// lands, this file stops compiling, and frameworkServer becomes
// tfprotov6.ProviderServer. TestProtocolServerFactory_keepsListResourcesActionsAndStateStores,
// which asserts the interfaces that stay, then tells whether the wrapper still
// keeps every server.
//
//nolint:staticcheck // deprecated for a later release, they are what terraform-plugin-go v0.31 asserts
type frameworkServer interface {
	tfprotov6.ProviderServerWithListResource
	tfprotov6.ProviderServerWithActions
	tfprotov6.ProviderServerWithStateStores
}

// leanServer gives the requests Terraform sends once per resource a context
// that carries only their cancellation, for when nobody reads the provider's
// logs (see logsAreRead).
//
// Why: terraform-plugin-framework v1.19 (internal/proto6server, registerContext)
// keeps the cancel function of every request's context, and with it the whole
// context, until StopProvider, which Terraform sends only when interrupted.
// terraform-plugin-go builds each request's context with its own loggers, about
// 20 KB, so a plan of 1,000 resources kept some 50 MB until the provider
// exited. Those loggers only serve logs that Terraform would discard; a lean
// context keeps about 200 bytes per request.
type leanServer struct{ frameworkServer }

// leanContexts wraps the server newServer makes in leanServer.
func leanContexts(newServer func() tfprotov6.ProviderServer) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		server := newServer()
		if full, ok := server.(frameworkServer); ok {
			return leanServer{full}
		}
		return server
	}
}

// withLeanContext calls call with req and a context that ends when ctx does.
func withLeanContext[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	lean, cancel := context.WithCancel(context.Background())
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	return call(lean, req)
}

func (s leanServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return withLeanContext(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s leanServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return withLeanContext(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s leanServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return withLeanContext(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s leanServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return withLeanContext(ctx, req, s.frameworkServer.ReadResource)
}

func (s leanServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return withLeanContext(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s leanServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return withLeanContext(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s leanServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return withLeanContext(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s leanServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return withLeanContext(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s leanServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return withLeanContext(ctx, req, s.frameworkServer.ReadDataSource)
}
