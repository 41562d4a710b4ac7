package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// describedAttribute is what every schema attribute type offers.
type describedAttribute interface {
	GetMarkdownDescription() string
	GetDescription() string
}

// checkDescriptions requires every attribute to say what it is and show its
// form: a non-empty MarkdownDescription with a code-formatted example or value.
func checkDescriptions(t *testing.T, owner string, attrs map[string]describedAttribute) {
	t.Helper()
	for name, a := range attrs {
		desc := a.GetMarkdownDescription()
		if desc == "" {
			desc = a.GetDescription() // the timeouts package sets only this; tfplugindocs uses either
		}
		switch {
		case strings.TrimSpace(desc) == "":
			t.Errorf("%s.%s has no MarkdownDescription", owner, name)
		case !strings.Contains(desc, "`"):
			t.Errorf("%s.%s: the description shows no example or form in `code`: %q", owner, name, desc)
		}
	}
}

// addDescribed adds a schema's attributes to into, their names prefixed.
func addDescribed[A describedAttribute](into map[string]describedAttribute, prefix string, attrs map[string]A) {
	for name, a := range attrs {
		into[prefix+name] = a
	}
}

func TestEveryAttributeIsDescribed(t *testing.T) {
	ctx := context.Background()
	p := New("test")()

	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	attrs := map[string]describedAttribute{}
	addDescribed(attrs, "", ps.Schema.Attributes)
	checkDescriptions(t, "provider", attrs)

	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "buckt"}, &meta)
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		if s.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no MarkdownDescription", meta.TypeName)
		}
		attrs := map[string]describedAttribute{}
		addDescribed(attrs, "", s.Schema.Attributes)
		for name, b := range s.Schema.Blocks {
			if nested, ok := b.(rschema.SingleNestedBlock); ok {
				addDescribed(attrs, name+".", nested.Attributes)
			}
		}
		checkDescriptions(t, meta.TypeName, attrs)
	}

	for _, newDataSource := range p.DataSources(ctx) {
		d := newDataSource()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "buckt"}, &meta)
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		if s.Schema.MarkdownDescription == "" {
			t.Errorf("data source %s has no MarkdownDescription", meta.TypeName)
		}
		attrs := map[string]describedAttribute{}
		addDescribed(attrs, "", s.Schema.Attributes)
		for name, a := range s.Schema.Attributes {
			if nested, ok := a.(dsschema.ListNestedAttribute); ok {
				addDescribed(attrs, name+".", nested.NestedObject.Attributes)
			}
		}
		checkDescriptions(t, "data."+meta.TypeName, attrs)
	}
}
