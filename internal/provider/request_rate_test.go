package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestMaxRequestsPerSecondFallsBackToAValidatedEnvironmentVariable(t *testing.T) {
	cases := []struct {
		name   string
		config types.Float64
		env    string
		want   float64
		err    bool
	}{
		{"nothing set: no ceiling", types.Float64Null(), "", 0, false},
		{"from the environment", types.Float64Null(), " 0.5\n", 0.5, false},
		{"the argument wins", types.Float64Value(3), "not a number", 3, false},
		{"zero", types.Float64Null(), "0", 0, true},
		{"negative", types.Float64Null(), "-2", 0, true},
		{"not a number", types.Float64Null(), "fast", 0, true},
		{"NaN", types.Float64Null(), "NaN", 0, true},
		{"infinite", types.Float64Null(), "+Inf", 0, true},
		{"unknown", types.Float64Unknown(), "", 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(envMaxRequestsPerSecond, tc.env)
			var diags diag.Diagnostics
			got := maxRequestsPerSecond(tc.config, &diags)
			if got != tc.want || diags.HasError() != tc.err {
				t.Fatalf("got %v, diagnostics %v; want %v, error %v", got, diags, tc.want, tc.err)
			}
			if tc.err && tc.env != "" && !strings.Contains(diags[0].Detail(), envMaxRequestsPerSecond) {
				t.Errorf("the error does not name the variable: %s", diags[0].Detail())
			}
		})
	}
}
