package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// accountAPIStub records the flow's calls and answers them as told.
type accountAPIStub struct {
	patchErr, getErr error
	validation       validateStub
	calls            []string
}

func (s *accountAPIStub) UpdateAWSAccount(context.Context, string, buckt.AWSAccountUpdate) error {
	s.calls = append(s.calls, "PATCH")
	return s.patchErr
}

func (s *accountAPIStub) ValidateAWSAccount(ctx context.Context, id string) error {
	s.calls = append(s.calls, "validate")
	return s.validation.validate(ctx, id)
}

func (s *accountAPIStub) GetAWSAccount(_ context.Context, id string) (*buckt.AWSAccount, error) {
	s.calls = append(s.calls, "GET")
	if s.getErr != nil {
		return nil, s.getErr
	}
	return &buckt.AWSAccount{ID: id, ExternalID: "ext_1", Status: buckt.StatusActive}, nil
}

// Each step's failure is reported as that step's, and the account is read back
// after a failed validation (and after a failed PATCH when asked) so that a
// create can save what exists.
func TestAttachFlow_reportsTheFailedStep(t *testing.T) {
	patchErr := &buckt.APIError{StatusCode: http.StatusBadRequest, Message: "roleArn is not an IAM role ARN"}
	getErr := &buckt.APIError{StatusCode: http.StatusForbidden, Message: "forbidden"}
	notAssumable := func(_ context.Context, attempt int) error { return accessDenied(attempt) }
	cases := []struct {
		name                 string
		patch, validate      bool
		readAfterFailedPatch bool
		stub                 accountAPIStub
		calls                []string
		failed               attachStep
		wantErr              error
		attempts             int
		readBack             bool
	}{
		{name: "all steps succeed", patch: true, validate: true,
			calls: []string{"PATCH", "validate", "GET"}, attempts: 1, readBack: true},
		{name: "only the read", calls: []string{"GET"}, readBack: true},
		{name: "PATCH fails", patch: true, validate: true, stub: accountAPIStub{patchErr: patchErr},
			calls: []string{"PATCH"}, failed: attachPatchFailed, wantErr: patchErr},
		{name: "PATCH fails, read back", patch: true, validate: true, readAfterFailedPatch: true,
			stub:  accountAPIStub{patchErr: patchErr},
			calls: []string{"PATCH", "GET"}, failed: attachPatchFailed, wantErr: patchErr, readBack: true},
		{name: "PATCH and read back fail", patch: true, readAfterFailedPatch: true,
			stub:  accountAPIStub{patchErr: patchErr, getErr: getErr},
			calls: []string{"PATCH", "GET"}, failed: attachPatchFailed, wantErr: patchErr},
		{name: "validation fails", patch: true, validate: true, stub: accountAPIStub{validation: validateStub{answer: notAssumable}},
			calls: []string{"PATCH", "validate", "GET"}, failed: attachValidateFailed, wantErr: accessDenied(1), attempts: 1, readBack: true},
		{name: "validation and read back fail", validate: true,
			stub:  accountAPIStub{getErr: getErr, validation: validateStub{answer: notAssumable}},
			calls: []string{"validate", "GET"}, failed: attachValidateFailed, wantErr: accessDenied(1), attempts: 1},
		{name: "read fails", patch: true, validate: true, stub: accountAPIStub{getErr: getErr},
			calls: []string{"PATCH", "validate", "GET"}, failed: attachReadFailed, wantErr: getErr, attempts: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stub := tc.stub
			if stub.validation.answer == nil {
				stub.validation.answer = func(context.Context, int) error { return nil }
			}
			req := attachRequest{accountID: "awa_1", validate: tc.validate, window: 500 * time.Millisecond,
				readAfterFailedPatch: tc.readAfterFailedPatch}
			if tc.patch {
				req.patch = &buckt.AWSAccountUpdate{RoleARN: buckt.SetTo(roleARN)}
			}
			res := attachFlow{api: &stub, clock: newFakeClock()}.run(context.Background(), req)

			if !slices.Equal(stub.calls, tc.calls) {
				t.Errorf("calls %v, want %v", stub.calls, tc.calls)
			}
			if res.failed != tc.failed || fmt.Sprint(res.err) != fmt.Sprint(tc.wantErr) {
				t.Errorf("failed step %d with %v, want %d with %v", res.failed, res.err, tc.failed, tc.wantErr)
			}
			if res.validation.attempts != tc.attempts {
				t.Errorf("validation attempts %d, want %d", res.validation.attempts, tc.attempts)
			}
			if (res.account != nil) != tc.readBack {
				t.Errorf("account read back: %v, want %v", res.account != nil, tc.readBack)
			}
			if want := map[bool]string{true: "ext_1"}[tc.readBack]; res.externalID() != want {
				t.Errorf("externalID() = %q, want %q", res.externalID(), want)
			}
		})
	}
}

// A role change whose validation fails puts the previous role back and
// validates it again; restorePatch sends nothing for a connection that had no
// role or whose role did not change.
func TestAttachFlow_putsThePreviousRoleBack(t *testing.T) {
	const newRole = "arn:aws:iam::111122223333:role/BucktAcess"
	restore := restorePatch(types.StringValue(roleARN), types.StringNull(), types.StringValue(newRole), types.StringNull())
	if body, err := json.Marshal(restore); err != nil || string(body) != `{"roleArn":"`+roleARN+`"}` {
		t.Fatalf("restorePatch sends %s (%v), want the previous role and no stack change", body, err)
	}
	for _, noRestore := range [][2]types.String{
		{types.StringNull(), types.StringValue(newRole)},         // no role before: nothing worked
		{types.StringValue(roleARN), types.StringValue(roleARN)}, // role unchanged
	} {
		if p := restorePatch(noRestore[0], types.StringNull(), noRestore[1], types.StringNull()); p != nil {
			t.Errorf("restorePatch(%s -> %s) = %+v, want nil", noRestore[0], noRestore[1], p)
		}
	}

	restoreFails := &buckt.APIError{StatusCode: http.StatusUnprocessableEntity, Message: "AccessDenied (previous role)"}
	for _, tc := range []struct {
		name     string
		answer   func(context.Context, int) error // attempts 1-2 are the new role's, within its window
		restored error
		report   string
	}{
		{"previous role valid again", func(_ context.Context, attempt int) error {
			if attempt <= 2 {
				return accessDenied(attempt)
			}
			return nil
		}, nil, "The previous role " + roleARN + " was put back on awa_1 and validated again"},
		{"previous role fails too", func(_ context.Context, attempt int) error {
			if attempt <= 2 {
				return accessDenied(attempt)
			}
			return restoreFails
		}, restoreFails, "Putting the previous role " + roleARN + " back failed too:\n\n  AccessDenied (previous role)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stub := accountAPIStub{validation: validateStub{answer: tc.answer}}
			res := attachFlow{api: &stub, clock: newFakeClock()}.run(context.Background(), attachRequest{
				accountID: "awa_1", patch: &buckt.AWSAccountUpdate{RoleARN: buckt.SetTo(newRole)}, validate: true,
				window: 1500 * time.Millisecond, restore: restore,
			})
			if res.failed != attachValidateFailed || res.restored == nil || fmt.Sprint(res.restored.err) != fmt.Sprint(tc.restored) {
				t.Fatalf("failed step %d, restored %+v; want a failed validation, restore error %v", res.failed, res.restored, tc.restored)
			}
			// The new role's last answer is the one the error reports.
			if fmt.Sprint(res.err) != fmt.Sprint(accessDenied(2)) {
				t.Errorf("err = %v, want the new role's last answer", res.err)
			}
			if calls := strings.Join(stub.calls, ","); !strings.HasPrefix(calls, "PATCH,validate,validate,PATCH,validate") ||
				!strings.HasSuffix(calls, ",GET") {
				t.Errorf("calls %s, want PATCH, the new role's validations, PATCH back, validation(s), GET", calls)
			}
			if report := res.restoreReport("awa_1", roleARN); !strings.Contains(report, tc.report) {
				t.Errorf("report %q, want it to contain %q", report, tc.report)
			}
		})
	}
}

// The flow with the real client: its 422 is what validation retries, on the
// flow's clock.
func TestAttachFlow_realClient(t *testing.T) {
	validations := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.Method + " " + r.URL.Path {
		case stubRequest(emulator.RouteUpdateAWSAccount):
			fmt.Fprint(w, `{"object":"aws_account","id":"awa_1"}`)
		case stubRequest(emulator.RouteValidateAWSAccount):
			if validations++; validations < 3 {
				w.WriteHeader(http.StatusUnprocessableEntity)
				fmt.Fprint(w, `{"error":{"type":"validation_error","message":"AccessDenied: not authorized to perform: sts:AssumeRole"}}`)
				return
			}
			fmt.Fprint(w, `{"object":"aws_account","id":"awa_1"}`)
		case stubRequest(emulator.RouteGetAWSAccount):
			fmt.Fprint(w, `{"id":"awa_1","externalId":"ext_1","status":"active","createdAt":"2026-04-25T12:00:00Z","updatedAt":"2026-04-25T12:00:03Z"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	client, err := buckt.New(buckt.Config{Endpoint: srv.URL, APIKey: "test-key"})
	if err != nil {
		t.Fatal(err)
	}
	clk := newFakeClock()
	res := attachFlow{api: client, clock: clk}.run(context.Background(), attachRequest{
		accountID: "awa_1", patch: &buckt.AWSAccountUpdate{RoleARN: buckt.SetTo(roleARN)}, validate: true, window: time.Minute,
	})
	if res.failed != attachSucceeded || res.err != nil || res.validation.attempts != 3 || res.externalID() != "ext_1" {
		t.Errorf("got step %d, err %v, %d attempts, external id %q; want success after 3 attempts, ext_1",
			res.failed, res.err, res.validation.attempts, res.externalID())
	}
	if slept := clk.Sleeps(); !slices.Equal(slept, validationSchedule(2)) {
		t.Errorf("waited %v, want 1s and 2s", slept)
	}
}

// unknownComputedPlan is a create's plan of resource r with every computed
// attribute unknown, the rest null: what a failed create must not leave in state.
func unknownComputedPlan(ctx context.Context, t *testing.T, r resource.Resource) (schema.Schema, tfsdk.Plan, []string) {
	t.Helper()
	var resp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &resp)
	objectType, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatalf("the schema's type is %T", resp.Schema.Type().TerraformType(ctx))
	}
	values := map[string]tftypes.Value{}
	var computed []string
	for name, typ := range objectType.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
		if a, ok := resp.Schema.Attributes[name]; ok && a.IsComputed() {
			values[name] = tftypes.NewValue(typ, tftypes.UnknownValue)
			computed = append(computed, name)
		}
	}
	return resp.Schema, tfsdk.Plan{Schema: resp.Schema, Raw: tftypes.NewValue(objectType, values)}, computed
}

// After a failed create whose record could not be read back, every computed
// attribute of the schema, whichever are added later, is saved known: the id
// as created, the rest null.
func TestFailedCreateSavesOnlyKnownValues(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		resource resource.Resource
		save     func(state *tfsdk.State, plan tfsdk.Plan) diag.Diagnostics
	}{
		{&awsAccountResource{}, func(state *tfsdk.State, plan tfsdk.Plan) diag.Diagnostics {
			var model awsAccountResourceModel
			diags := plan.Get(ctx, &model)
			return append(diags, (&awsAccountResource{}).saveCreated(ctx, state, "awa_1", model, nil)...)
		}},
		{&awsAccountRoleResource{}, func(state *tfsdk.State, plan tfsdk.Plan) diag.Diagnostics {
			var model awsAccountRoleModel
			diags := plan.Get(ctx, &model)
			model.Status = types.StringValue(buckt.StatusActive) // as ModifyPlan plans it
			return append(diags, (&awsAccountRoleResource{}).saveFailedCreate(ctx, state, "awa_1", model, nil)...)
		}},
	}
	for _, tc := range cases {
		s, plan, computed := unknownComputedPlan(ctx, t, tc.resource)
		t.Run(fmt.Sprintf("%T", tc.resource), func(t *testing.T) {
			if len(computed) < 4 {
				t.Fatalf("only %v are computed: the schema was not read", computed)
			}
			state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(plan.Raw.Type(), nil)}
			if diags := tc.save(&state, plan); diags.HasError() {
				t.Fatal(diags)
			}
			if !state.Raw.IsFullyKnown() {
				t.Errorf("state holds unknown values: %s", state.Raw)
			}
			for _, name := range computed {
				v, _, err := tftypes.WalkAttributePath(state.Raw, tftypes.NewAttributePath().WithAttributeName(name))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				value, ok := v.(tftypes.Value)
				if !ok || !value.IsKnown() || (name != "id" && !value.IsNull()) {
					t.Errorf("%s = %v, want null", name, v)
				}
			}
			var id types.String
			state.GetAttribute(ctx, path.Root("id"), &id)
			if id.ValueString() != "awa_1" {
				t.Errorf("id = %s, want awa_1", id)
			}
		})
	}
}

// Read of an object gone from Buckt drops it from state with a warning that
// names it and says it will be created again, and nothing secret.
func TestReadOfAGoneObjectWarns(t *testing.T) {
	const apiKey = "bk_live_secretsecret"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"type":"not_found_error","message":"no such object"}}`)
	}))
	defer srv.Close()
	data, err := newProviderData(buckt.Config{Endpoint: srv.URL, APIKey: apiKey})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		typeName string
		resource resource.Resource
		id       string
		attrs    map[string]string
	}{
		{"buckt_aws_account", &awsAccountResource{resourceClient{*data}}, "awa_gone", map[string]string{"id": "awa_gone"}},
		{"buckt_aws_account_role", &awsAccountRoleResource{resourceClient{*data}}, "awa_gone",
			map[string]string{"id": "awa_gone", "aws_account": "awa_gone"}},
		{"buckt_imported_bucket", &importedBucketResource{resourceClient{*data}}, "bkt_gone",
			map[string]string{"id": "bkt_gone", "aws_account": "awa_1", "bucket_name": "legacy-marketing"}},
	}
	for _, tc := range cases {
		t.Run(tc.typeName, func(t *testing.T) {
			var logs bytes.Buffer
			ctx := tflogtest.RootLogger(context.Background(), &logs)
			var schemaResp resource.SchemaResponse
			tc.resource.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
			state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
			for name, value := range tc.attrs {
				state.SetAttribute(ctx, path.Root(name), value)
			}
			resp := resource.ReadResponse{State: state}
			tc.resource.Read(ctx, resource.ReadRequest{State: state}, &resp)
			if resp.Diagnostics.HasError() || !resp.State.Raw.IsNull() {
				t.Fatalf("Read: %v, state %s; want the object removed without an error", resp.Diagnostics, resp.State.Raw)
			}
			entries, err := tflogtest.MultilineJSONDecode(&logs)
			if err != nil {
				t.Fatal(err)
			}
			var warnings []string
			for _, e := range entries {
				if e["@level"] == "warn" {
					warnings = append(warnings, fmt.Sprint(e["@message"]))
				}
			}
			want := tc.typeName + " " + tc.id + " no longer exists in Buckt"
			if len(warnings) != 1 || !strings.Contains(warnings[0], want) || !strings.Contains(warnings[0], "plan to create it again") {
				t.Errorf("warnings %q, want one naming %q and that it will be created again", warnings, want)
			}
			if strings.Contains(logs.String(), apiKey) {
				t.Errorf("the logs hold the API key")
			}
		})
	}
}
