package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

// pageSize is the largest page of the API's list endpoints, which the client asks for.
const pageSize = 100

// check is one budget's verdict on the counters of one command.
type check struct {
	name     string
	pass     bool
	observed string
}

// pages is how many requests listing b items takes.
func pages(b int) int { return (b + pageSize - 1) / pageSize }

// refreshLimits is the most a refresh of n accounts and n buckets may call
// each route: every resource is read at most once by GET, and listing pages
// cost at most a quarter of the GETs plus one (the provider's rent-or-buy
// rule, getsPerPage in internal/provider/batched_reads.go); plus the data
// source's listing of b S3 buckets.
func refreshLimits(n, b int) map[string]int {
	return map[string]int{emulator.RouteGetAWSAccount: n, emulator.RouteListAWSAccounts: n/4 + 1, emulator.RouteGetBucket: n, emulator.RouteListBuckets: n/4 + 1, emulator.RouteListS3Buckets: pages(b)}
}

// checkRefresh: a refresh reads every resource (by GET or from a page of 100)
// at most once, spends at most reads.RefreshBudget(N) = 1.25 N + 2 requests
// per kind, and at most 0.15
// per object from N = 100 (the bench's workspace holds the whole organization,
// its buckets two per connection), lists the data source's buckets once, and
// calls nothing else.
func checkRefresh(req map[string]int, n, b int) check {
	var problems []string
	for _, kind := range []struct {
		name      string
		get, list string
	}{
		{"accounts", emulator.RouteGetAWSAccount, emulator.RouteListAWSAccounts},
		{"buckets", emulator.RouteGetBucket, emulator.RouteListBuckets},
	} {
		if req[kind.get]+pageSize*req[kind.list] < n {
			problems = append(problems, fmt.Sprintf("%s: %d GETs and %d pages cannot have read %d", kind.name, req[kind.get], req[kind.list], n))
		}
		if req[kind.get] > n {
			problems = append(problems, fmt.Sprintf("%s: %d GETs for %d: one read twice", kind.name, req[kind.get], n))
		}
		if spent := req[kind.get] + req[kind.list]; float64(spent) > reads.RefreshBudget(n) {
			problems = append(problems, fmt.Sprintf("%s: %d requests > 1.25 N + 2", kind.name, spent))
		}
	}
	// The workspace holds every object of this organization: pages serve them.
	for _, kind := range []struct{ name, get, list string }{
		{"accounts", emulator.RouteGetAWSAccount, emulator.RouteListAWSAccounts}, {"buckets", emulator.RouteGetBucket, emulator.RouteListBuckets},
	} {
		if spent := req[kind.get] + req[kind.list]; n >= 100 && float64(spent) > 0.15*float64(n) {
			problems = append(problems, fmt.Sprintf("%s: %d requests > 0.15 N although the workspace holds them all", kind.name, spent))
		}
	}
	if req[emulator.RouteListS3Buckets] != pages(b) {
		problems = append(problems, fmt.Sprintf("S3 listing %d pages, want %d", req[emulator.RouteListS3Buckets], pages(b)))
	}
	for route, count := range req {
		if _, read := refreshLimits(n, b)[route]; !read && count > 0 {
			problems = append(problems, fmt.Sprintf("unexpected %s x%d", route, count))
		}
	}
	observed := describe(req, refreshLimits(n, b))
	if len(problems) > 0 {
		observed = strings.Join(problems, "; ")
	}
	return check{
		name: "refresh (plan): every resource read once, <= 1.25 N + 2 requests per kind, <= 0.15 N per kind " +
			"(N >= 100, the workspace holds the organization); nothing else",
		pass:     len(problems) == 0,
		observed: observed,
	}
}

// checkAccountCreation: connecting costs 2 requests (POST, GET) without a role
// and 4 (POST, PATCH, validate, GET) with one.
func checkAccountCreation(req map[string]int, n, roles int) check {
	total := req[emulator.RouteConnectAWSAccount] + req[emulator.RouteUpdateAWSAccount] + req[emulator.RouteValidateAWSAccount] + req[emulator.RouteGetAWSAccount]
	budget := 2*(n-roles) + 4*roles
	return check{
		name: "apply: account creation <= 2 requests without a role, <= 4 with one",
		pass: req[emulator.RouteConnectAWSAccount] == n && req[emulator.RouteUpdateAWSAccount] <= roles && req[emulator.RouteValidateAWSAccount] <= roles &&
			req[emulator.RouteGetAWSAccount] <= n && total <= budget,
		observed: fmt.Sprintf("POST %d (=%d), PATCH %d (<=%d), validate %d (<=%d), GET %d (<=%d); total %d <= %d",
			req[emulator.RouteConnectAWSAccount], n, req[emulator.RouteUpdateAWSAccount], roles, req[emulator.RouteValidateAWSAccount], roles, req[emulator.RouteGetAWSAccount], n, total, budget),
	}
}

// checkBucketImport: importing n buckets costs at most 2 requests each: one
// importBuckets per batch of concurrent creates in a connection, then a GET
// per bucket or, where fewer, pages of the connection's listing.
func checkBucketImport(req map[string]int, n int) check {
	imports, gets, listed := req[emulator.RouteImportBuckets], req[emulator.RouteGetBucket], req[emulator.RouteListBuckets]
	return check{
		name: "apply: bucket import <= 2 requests per bucket (batched POST import, then GET or listing pages)",
		pass: imports >= 1 && imports <= n && gets <= n && imports+gets+listed <= 2*n,
		observed: fmt.Sprintf("POST import %d (1..%d), GET %d (<=%d), listing pages %d; total %d <= %d",
			imports, n, gets, n, listed, imports+gets+listed, 2*n),
	}
}

// checkDataSource: the data source is read once per command that reads it, and
// a read costs one request per page of B buckets.
func checkDataSource(command string, req map[string]int, b int) check {
	return check{
		name:     fmt.Sprintf("%s: S3 bucket data source = ceil(B/%d) requests per read", command, pageSize),
		pass:     req[emulator.RouteListS3Buckets] == pages(b),
		observed: fmt.Sprintf("%d (B=%d: =%d)", req[emulator.RouteListS3Buckets], b, pages(b)),
	}
}

// limits is the most calls of each route one command needs when nothing
// fails: each resource is created, read or deleted once.
func limits(command string, n, roles, b int) map[string]int {
	switch command {
	case "apply":
		return map[string]int{emulator.RouteConnectAWSAccount: n, emulator.RouteUpdateAWSAccount: roles, emulator.RouteValidateAWSAccount: roles, emulator.RouteGetAWSAccount: n,
			emulator.RouteImportBuckets: n, emulator.RouteGetBucket: n, emulator.RouteListBuckets: n, emulator.RouteListS3Buckets: pages(b)}
	case "plan":
		return refreshLimits(n, b)
	case "destroy":
		limit := refreshLimits(n, b)
		limit[emulator.RouteReleaseBucket], limit[emulator.RouteDisconnectAWSAccount] = n, n
		return limit
	}
	return nil
}

// checkNoRepeats: with no faults injected, a route called more often than its
// limit was repeated, and a route without a limit should not be called at all.
func checkNoRepeats(command string, req, limit map[string]int) check {
	var problems []string
	for _, route := range slices.Sorted(maps.Keys(req)) {
		want, known := limit[route]
		switch {
		case !known && req[route] > 0:
			problems = append(problems, fmt.Sprintf("unexpected %s x%d", route, req[route]))
		case req[route] > want:
			problems = append(problems, fmt.Sprintf("repeated %s %d > %d", route, req[route], want))
		}
	}
	observed := "every route within its limit"
	if len(problems) > 0 {
		observed = strings.Join(problems, "; ")
	}
	return check{name: command + ": no request repeated, no other route", pass: len(problems) == 0, observed: observed}
}

// nonZero drops zero counts, so a route listed with 0 equals a missing one.
func nonZero(m map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

// describe lists every route of got or want as "route got (=want)".
func describe(got, want map[string]int) string {
	routes := nonZero(want)
	maps.Copy(routes, nonZero(got))
	var parts []string
	for _, r := range slices.Sorted(maps.Keys(routes)) {
		parts = append(parts, fmt.Sprintf("%s %d (=%d)", r, got[r], want[r]))
	}
	return strings.Join(parts, ", ")
}

// budgets checks the provider's requests of one run, by command, for a size
// with n accounts (roles of them with a role), n buckets and b listed buckets.
func budgets(n, roles, b int, req map[string]map[string]int) []check {
	checks := []check{
		checkRefresh(req["plan"], n, b),
		checkAccountCreation(req["apply"], n, roles),
		checkBucketImport(req["apply"], n),
		checkDataSource("apply", req["apply"], b),
		checkDataSource("plan", req["plan"], b),
	}
	for _, c := range commands {
		checks = append(checks, checkNoRepeats(c.name, req[c.name], limits(c.name, n, roles, b)))
	}
	return checks
}
