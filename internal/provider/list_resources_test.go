package provider

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// fakePages is a listing of n buckets in pages of buckt.MaxPageSize, as the
// client's iterators yield them: a page is fetched when the previous one is
// used up, and each fetch is counted in pages. failAt > 0 makes that page
// fail.
func fakePages(n, failAt int, pages *int) iter.Seq2[buckt.Bucket, error] {
	return func(yield func(buckt.Bucket, error) bool) {
		for start := 0; start < n; start += buckt.MaxPageSize {
			*pages++
			if *pages == failAt {
				yield(buckt.Bucket{}, &buckt.APIError{StatusCode: 403, Type: "permission_error", Message: "no access to buckets",
					Method: "GET", Path: "/v1/buckets"})
				return
			}
			for i := start; i < min(start+buckt.MaxPageSize, n); i++ {
				b := buckt.Bucket{ID: fmt.Sprintf("bkt_%04d", i), Name: fmt.Sprintf("bucket-%04d", i), AWSAccount: "awa_1", CreatedAt: "2026-04-25T12:40:00Z"}
				if !yield(b, nil) {
					return
				}
			}
		}
	}
}

// bucketListRequest is the request the framework makes of the bucket list.
func bucketListRequest(t *testing.T, includeResource bool, limit int64) list.ListRequest {
	t.Helper()
	ctx := context.Background()
	var r importedBucketResource
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	var identity resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &identity)
	return list.ListRequest{IncludeResource: includeResource, Limit: limit, ResourceSchema: s.Schema,
		ResourceIdentitySchema: identity.IdentitySchema}
}

// streamBuckets streams fakePages through listQuery and returns the results,
// taking at most take of them (0: all), and the pages fetched.
func streamBuckets(t *testing.T, req list.ListRequest, n, failAt, take int, keep func(buckt.Bucket) bool) ([]list.ListResult, int) {
	t.Helper()
	pages := 0
	var stream list.ListResultsStream
	listQuery[buckt.Bucket]{
		identity: importedBucketIdentity,
		items:    fakePages(n, failAt, &pages),
		keep:     keep,
		describe: func(b buckt.Bucket) listedObject {
			return listedObject{id: b.ID, displayName: b.Name, resource: importedBucketFromAPI(&b)}
		},
		summary: "Error listing", object: "The buckets", scope: path.Root("aws_account"),
	}.stream(context.Background(), req, &stream)
	var results []list.ListResult
	for result := range stream.Results {
		results = append(results, result)
		if len(results) == take {
			break
		}
	}
	return results, pages
}

func TestListQuery_followsPagesUntilTheLimit(t *testing.T) {
	all := func(buckt.Bucket) bool { return true }
	everyOther := func(b buckt.Bucket) bool { return b.ID[len(b.ID)-1]%2 == 0 }
	for _, tc := range []struct {
		name                 string
		n, take              int
		limit                int64
		keep                 func(buckt.Bucket) bool
		wantResults, wantPgs int
	}{
		{name: "no limit: every page", n: 250, keep: all, wantResults: 250, wantPgs: 3},
		{name: "limit 5: one page", n: 250, limit: 5, keep: all, wantResults: 5, wantPgs: 1},
		{name: "limit of a full page: no second page", n: 250, limit: 100, keep: all, wantResults: 100, wantPgs: 1},
		{name: "limit one past a page", n: 250, limit: 101, keep: all, wantResults: 101, wantPgs: 2},
		{name: "limit above the total", n: 250, limit: 1000, keep: all, wantResults: 250, wantPgs: 3},
		{name: "filtered: pages until limit kept", n: 250, limit: 60, keep: everyOther, wantResults: 60, wantPgs: 2},
		{name: "Terraform stops reading", n: 250, take: 3, keep: all, wantResults: 3, wantPgs: 1},
		{name: "nothing listed", n: 0, keep: all, wantResults: 0, wantPgs: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			results, pages := streamBuckets(t, bucketListRequest(t, false, tc.limit), tc.n, 0, tc.take, tc.keep)
			if len(results) != tc.wantResults || pages != tc.wantPgs {
				t.Fatalf("%d results from %d pages, want %d from %d", len(results), pages, tc.wantResults, tc.wantPgs)
			}
			for i, result := range results {
				// keep reads the id's last digit, which the name shares.
				if result.Diagnostics.HasError() || !tc.keep(buckt.Bucket{ID: result.DisplayName}) {
					t.Fatalf("result %d (%s): %v", i, result.DisplayName, result.Diagnostics)
				}
			}
			if tc.wantResults > 1 && results[0].DisplayName > results[1].DisplayName {
				t.Errorf("results out of the listing's order: %q before %q", results[0].DisplayName, results[1].DisplayName)
			}
		})
	}
}

func TestListQuery_resultHasIdentityNameAndResource(t *testing.T) {
	ctx := context.Background()
	for _, include := range []bool{false, true} {
		results, _ := streamBuckets(t, bucketListRequest(t, include, 0), 1, 0, 0, func(buckt.Bucket) bool { return true })
		result := results[0]
		var id, name types.String
		diags := result.Identity.GetAttribute(ctx, path.Root("id"), &id)
		if result.DisplayName != "bucket-0000" || id.ValueString() != "bkt_0000" || diags.HasError() {
			t.Fatalf("include_resource=%v: display name %q, identity %s (%v)", include, result.DisplayName, id, diags)
		}
		if !include {
			if !result.Resource.Raw.IsNull() {
				t.Errorf("without include_resource the resource object is %s, want none", result.Resource.Raw)
			}
			continue
		}
		diags = result.Resource.GetAttribute(ctx, path.Root("bucket_name"), &name)
		if name.ValueString() != "bucket-0000" || diags.HasError() {
			t.Errorf("resource object bucket_name = %s (%v)", name, diags)
		}
	}
}

func TestListQuery_aFailedPageIsADiagnosticOnTheFilter(t *testing.T) {
	results, pages := streamBuckets(t, bucketListRequest(t, false, 0), 250, 2, 0, func(buckt.Bucket) bool { return true })
	if len(results) != buckt.MaxPageSize+1 || pages != 2 {
		t.Fatalf("%d results from %d pages, want the first page's %d and one error", len(results), pages, buckt.MaxPageSize)
	}
	diags := results[buckt.MaxPageSize].Diagnostics
	if !diags.HasError() {
		t.Fatalf("the failed page gave no error: %v", diags)
	}
	withPath, ok := diags[0].(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(path.Root("aws_account")) {
		t.Errorf("the error is not on the filter aws_account: %#v", diags[0])
	}
	if detail := diags[0].Detail(); !strings.Contains(detail, "no access to buckets") || !strings.Contains(detail, "HTTP 403") {
		t.Errorf("the error does not quote the API: %q", detail)
	}
}

func TestListConnectionDisplayName(t *testing.T) {
	label, number := "production", "111122223333"
	for _, tc := range []struct {
		account buckt.AWSAccount
		want    string
	}{
		{buckt.AWSAccount{ID: "awa_1", Label: &label, AWSAccountID: &number}, "production (111122223333)"},
		{buckt.AWSAccount{ID: "awa_1", Label: &label}, "production"},
		{buckt.AWSAccount{ID: "awa_1", AWSAccountID: &number}, "awa_1 (111122223333)"},
		{buckt.AWSAccount{ID: "awa_1"}, "awa_1"},
	} {
		if got := connectionDisplayName(tc.account); got != tc.want {
			t.Errorf("connectionDisplayName(%+v) = %q, want %q", tc.account, got, tc.want)
		}
	}
}

// TestListResources_everyAttributeIsDescribed: the list blocks' filters are
// documented like every other attribute, and each list resource lists a
// resource type of this provider that has an identity.
func TestListResources_everyAttributeIsDescribed(t *testing.T) {
	ctx := context.Background()
	p, ok := New("test")().(provider.ProviderWithListResources)
	if !ok {
		t.Fatal("the provider has no list resources")
	}
	withIdentity := map[string]bool{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "buckt"}, &meta)
		_, withIdentity[meta.TypeName] = r.(resource.ResourceWithIdentity)
	}
	for _, newList := range p.ListResources(ctx) {
		l := newList()
		var meta resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "buckt"}, &meta)
		if !withIdentity[meta.TypeName] {
			t.Errorf("list %s lists no resource type with an identity", meta.TypeName)
		}
		var s list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &s)
		if s.Schema.MarkdownDescription == "" {
			t.Errorf("list %s has no MarkdownDescription", meta.TypeName)
		}
		attrs := map[string]describedAttribute{}
		addDescribed(attrs, "", s.Schema.Attributes)
		checkDescriptions(t, "list."+meta.TypeName, attrs)
	}
}
