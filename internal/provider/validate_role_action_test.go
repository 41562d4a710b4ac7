package provider

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// expectValidations checks that the emulator counted want validations since
// its stats were last reset (against a real Buckt, it logs that it cannot).
func expectValidations(t *testing.T, env *testEnv, want int) func() error {
	return env.checkOnEmulator("count validations", func(*emulator.Server) error {
		if n := env.requests(t, emulator.RouteValidateAWSAccount); n != want {
			return fmt.Errorf("validate called %d time(s), want %d", n, want)
		}
		return nil
	})
}

// actionAccount is the connection buckt_aws_account.test with the test role
// attached, that the action's tests validate.
func actionAccount(env *testEnv) string {
	return accountWithRole(env, env.aws().roleARN(), `label = "tf-acc-action"`)
}

// validateRoleActionBlock is the action buckt_validate_role.test validating
// the role of aws_account (an HCL expression), with extra arguments.
func validateRoleActionBlock(awsAccount, extra string) string {
	return fmt.Sprintf(`
action "buckt_validate_role" "test" {
  config {
    aws_account = %s
%s  }
}
`, awsAccount, extra)
}

// triggeredValidationConfig is buckt_aws_account.test with the test role
// attached, the action validating it (giving up on a broken role after 3 s),
// and a terraform_data whose create and updates (a new revision) trigger the
// action.
func triggeredValidationConfig(env *testEnv, revision int) string {
	return actionAccount(env) +
		validateRoleActionBlock("buckt_aws_account.test.id", "    timeout     = \"3s\"\n") +
		fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %d

  lifecycle {
    action_trigger {
      events  = [before_create, after_update]
      actions = [action.buckt_validate_role.test]
    }
  }
}
`, revision)
}

// triggerAddr is the terraform_data whose lifecycle triggers the action.
const triggerAddr = "terraform_data.trigger"

// TestAccValidateRoleAction_triggeredByLifecycle: the action validates the
// connection's role when a resource's lifecycle triggers it, and only then.
func TestAccValidateRoleAction_triggeredByLifecycle(t *testing.T) {
	skipOnOpenTofu(t)
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	active := statecheck.ExpectKnownValue(accountAddr, attr("status"), knownvalue.StringExact(buckt.StatusActive))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   actionsVersions,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				// The connection validates its role on create, once.
				Config:            actionAccount(env),
				ConfigStateChecks: []statecheck.StateCheck{active, checkFunc(expectValidations(t, env, 1))},
			},
			{
				// A new terraform_data triggers the action before it is created.
				PreConfig: env.resetStats(),
				Config:    triggeredValidationConfig(env, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(triggerAddr, plancheck.ResourceActionCreate),
					expectActionInvocations("BeforeCreate"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					active,
					statecheck.ExpectKnownValue(accountAddr, attr("role_arn"), knownvalue.StringExact(env.aws().roleARN())),
					statecheck.ExpectKnownValue(triggerAddr, attr("output"), knownvalue.Int64Exact(1)),
					checkFunc(expectValidations(t, env, 1)),
				},
			},
			{
				// Nothing changes, nothing triggers it.
				PreConfig: env.resetStats(),
				Config:    triggeredValidationConfig(env, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(triggerAddr, plancheck.ResourceActionNoop),
					expectActionInvocations(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{checkFunc(expectValidations(t, env, 0))},
			},
			{
				// An update triggers it after the update.
				PreConfig: env.resetStats(),
				Config:    triggeredValidationConfig(env, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(triggerAddr, plancheck.ResourceActionUpdate),
					expectActionInvocations("AfterUpdate"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					active,
					statecheck.ExpectKnownValue(triggerAddr, attr("output"), knownvalue.Int64Exact(2)),
					checkFunc(expectValidations(t, env, 1)),
				},
			},
		},
	})
}

// TestAccValidateRoleAction_failureExplainsItself: a role whose trust broke
// out of band fails the triggered action with what the provider knows of the
// connection and what to check; fixing the role and triggering it again
// validates it.
func TestAccValidateRoleAction_failureExplainsItself(t *testing.T) {
	skipOnOpenTofu(t)
	skipAgainstRealBuckt(t, "break the role's trust policy out of band")
	env := newTestEnv(t, emulator.Options{})
	emu := env.onlyOnEmulator("break the role's trust policy out of band")
	var accountID, externalID captured
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   actionsVersions,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: triggeredValidationConfig(env, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					capture(accountAddr, "id", &accountID), capture(accountAddr, "external_id", &externalID),
				},
			},
			{
				// The role now trusts another connection's external id. (The
				// connection's id is matched by its form: the pattern is compiled
				// before step 1 makes it.)
				PreConfig: func() {
					emu.PutRole(emulator.Role{ARN: roleARN, ExternalID: "ext_ofAnotherConnection"})
					emu.ResetStats()
				},
				Config: triggeredValidationConfig(env, 2),
				ExpectError: wrapped(`(?s)could not be validated.*IAM role ` + regexp.QuoteMeta(roleARN) +
					` for AWS account connection awa_\w+\. It tried [2-9] time\(s\) over \ds.*` +
					`sts:ExternalId = "ext_\w+" \(this connection's external_id.*` +
					`Buckt marked the connection failed; the action changed nothing else.*timeout = "5m"`),
			},
			{
				// Fixed, and triggered again: valid.
				PreConfig: func() {
					account, err := env.client.GetAWSAccount(env.ctx(), accountID.value)
					if err != nil || account.Status != buckt.StatusFailed {
						t.Fatalf("after the failed action: %+v, %v; want status failed", account, err)
					}
					if n := env.requests(t, emulator.RouteValidateAWSAccount); n < 2 {
						t.Fatalf("the failed action validated %d time(s), want retries", n)
					}
					emu.PutRole(emulator.Role{ARN: roleARN, ExternalID: externalID.value})
				},
				Config: triggeredValidationConfig(env, 3),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountAddr, attr("status"), knownvalue.StringExact(buckt.StatusActive)),
					statecheck.ExpectKnownValue(triggerAddr, attr("output"), knownvalue.Int64Exact(3)),
				},
			},
		},
	})
}

// TestAccValidateRoleAction_badArgumentsFailAtPlan: a malformed timeout or
// connection fails at plan, naming the argument and its form, before any
// request.
func TestAccValidateRoleAction_badArgumentsFailAtPlan(t *testing.T) {
	skipOnOpenTofu(t)
	env := newTestEnv(t, emulator.Options{})
	invokedBy := func(block string) string {
		return env.config(block + `
resource "terraform_data" "trigger" {
  lifecycle {
    action_trigger {
      events  = [before_create]
      actions = [action.buckt_validate_role.test]
    }
  }
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   actionsVersions,
		Steps: []resource.TestStep{
			{
				Config:      invokedBy(validateRoleActionBlock(`"awa_01H8XYZABCDEFGHJKMNPQRSTVW"`, "    timeout = \"2 minutes\"\n")),
				PlanOnly:    true,
				ExpectError: wrapped(`(?s)Invalid duration.*Attribute timeout must be a duration greater than zero such as "2m", "90s" or "1h30m".*got: "2 minutes"`),
			},
			{
				Config:      invokedBy(validateRoleActionBlock(`"awa_01H8XYZABCDEFGHJKMNPQRSTVW"`, "    timeout = \"0s\"\n")),
				PlanOnly:    true,
				ExpectError: wrapped(`Attribute timeout must be a duration greater than zero`),
			},
			{
				Config:      invokedBy(validateRoleActionBlock(`"production"`, "")),
				PlanOnly:    true,
				ExpectError: wrapped(`aws_account must be a Buckt AWS account connection id such as awa_01H8XYZABCDEFGHJKMNPQRSTVW or a 12-digit AWS account id`),
			},
		},
		CheckDestroy: checkNoRequests(env),
	})
}

// TestAccValidateRoleAction_invokedFromTheCLI runs terraform apply -invoke
// with a provider binary: the connection can be named by its awa_ id or its
// 12-digit AWS account id, and a validated role says so. On the emulator,
// which holds a new role back, each retried attempt shows as a progress line.
func TestAccValidateRoleAction_invokedFromTheCLI(t *testing.T) {
	cli := newAcceptanceCLI(t)
	if v := terraformVersion(t, cli.path); cliIsOpenTofu(cli.path) || !versionAtLeast(v, tfversion.Version1_14_0) {
		t.Skipf("%s %s has no actions: they need Terraform %s or later", cli.path, v, tfversion.Version1_14_0)
	}
	env := newTestEnv(t, emulator.Options{IAMPropagationDelay: 6 * time.Second})
	aws := env.awsExclusive() // named by its 12-digit id: the only connection to it
	id := connectOutsideTerraform(t, env, "tf-acc-invoke", aws.roleARN())
	pluginDir := t.TempDir()
	buildProvider(t, filepath.Join(pluginDir, "terraform-provider-buckt"))
	dir := t.TempDir()
	invoke := func(awsAccount string) string {
		t.Helper()
		writeFile(t, filepath.Join(dir, "main.tf"), env.config(validateRoleActionBlock(awsAccount, "")))
		env.resetStats()()
		out, err := cli.runWith(t, dir, pluginDir, "apply", "-invoke=action.buckt_validate_role.test", "-auto-approve", "-no-color")
		if err != nil {
			t.Fatalf("terraform apply -invoke: %v\n%s", err, out)
		}
		t.Logf("terraform apply -invoke with aws_account = %s:\n%s", awsAccount, out)
		return out
	}
	validated := regexp.MustCompile(`Action action\.buckt_validate_role\.test \(triggered by CLI\): role ` +
		regexp.QuoteMeta(aws.roleARN()) + ` of ` + id + ` validated: status active`)
	retryLine := regexp.MustCompile(`(?m)^Action action\.buckt_validate_role\.test \(triggered by CLI\): attempt (\d+): .+; retrying in (\d+s)$`)

	if env.emu != nil {
		// The role is deployed just now: IAM holds it back for 6 s.
		account, err := env.client.GetAWSAccount(env.ctx(), id)
		if err != nil {
			t.Fatal(err)
		}
		env.emu.PutRole(emulator.Role{ARN: aws.roleARN(), ExternalID: account.ExternalID})
	}
	out := invoke(fmt.Sprintf("%q", id))
	if env.emu != nil {
		expectRetryLines(t, env, retryLine.FindAllStringSubmatch(out, -1), out)
	}
	if !validated.MatchString(out) {
		t.Errorf("no progress line saying the role was validated, matching %s", validated)
	}

	// Validated, the connection knows its AWS account id: one attempt.
	out = invoke(fmt.Sprintf("%q", awsAccountID(aws)))
	if err := expectValidations(t, env, 1)(); err != nil || !validated.MatchString(out) || retryLine.MatchString(out) {
		t.Errorf("by its 12-digit AWS account id: %v; want one validation and the line %s, no retries", err, validated)
	}
}

// expectRetryLines checks the progress lines of an invocation the emulator's
// IAM delay made retry: at least two, one per attempt in the validation
// schedule's order, and one validation per retried attempt and the last.
func expectRetryLines(t *testing.T, env *testEnv, retries [][]string, out string) {
	t.Helper()
	if len(retries) < 2 {
		t.Fatalf("%d progress line(s) of a retried attempt, want at least 2 while IAM holds the role back:\n%s", len(retries), out)
	}
	for i, retry := range retries {
		if want := []string{fmt.Sprint(i + 1), validationSchedule(len(retries))[i].String()}; !slices.Equal(retry[1:], want) {
			t.Errorf("progress line %d is for attempt %s, retrying in %s; want attempt %s, retrying in %s", i+1, retry[1], retry[2], want[0], want[1])
		}
	}
	if n := env.requests(t, emulator.RouteValidateAWSAccount); n != len(retries)+1 {
		t.Errorf("validate called %d time(s), want %d: one per retried attempt, then the one that succeeded", n, len(retries)+1)
	}
}

// roleAPIStub is accountAPIStub whose connection has a role attached.
type roleAPIStub struct {
	accountAPIStub
	status string
}

func (s *roleAPIStub) GetAWSAccount(ctx context.Context, id string) (*buckt.AWSAccount, error) {
	account, err := s.accountAPIStub.GetAWSAccount(ctx, id)
	if account != nil {
		arn := roleARN
		account.RoleARN, account.Status = &arn, s.status
	}
	return account, err
}

// revalidate runs the action's part after resolving the connection, on the
// fake clock, and returns its progress messages and diagnostics.
func revalidate(ctx context.Context, api accountAPI, window time.Duration) ([]string, diag.Diagnostics) {
	var messages []string
	var diags diag.Diagnostics
	roleRevalidation{api: api, clock: newFakeClock()}.run(ctx, "awa_1", window,
		func(m string) { messages = append(messages, m) }, &diags)
	return messages, diags
}

// errorDetail is the one error in diags, as "summary: detail".
func errorDetail(t *testing.T, diags diag.Diagnostics) string {
	t.Helper()
	errs := diags.Errors()
	if len(errs) != 1 || len(diags) != 1 {
		t.Fatalf("diagnostics %v, want exactly one error", diags)
	}
	return errs[0].Summary() + ": " + errs[0].Detail()
}

// requireAll fails unless text contains every one of parts.
func requireAll(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, part := range parts {
		if !strings.Contains(text, part) {
			t.Errorf("missing %q in:\n%s", part, text)
		}
	}
}

func TestValidateRoleAction_progressAndOutcome(t *testing.T) {
	unauthorized := &buckt.APIError{StatusCode: http.StatusUnauthorized, Type: "authentication_error", Message: "invalid API key",
		Method: "POST", Path: "/v1/aws-accounts/awa_1/validate"}
	started := "validating role " + roleARN + " of awa_1 (status failed), retrying for up to 2m0s"

	t.Run("validated after retries", func(t *testing.T) {
		stub := &roleAPIStub{status: buckt.StatusFailed}
		stub.validation.answer = notAssumableUntil(3, nil)
		messages, diags := revalidate(context.Background(), stub, defaultValidationWindow)
		want := []string{
			started,
			"attempt 1: AccessDenied (answer 1); retrying in 1s",
			"attempt 2: AccessDenied (answer 2); retrying in 2s",
			"role " + roleARN + " of awa_1 validated: status active",
		}
		if !slices.Equal(messages, want) || diags.HasError() {
			t.Errorf("progress %q, diagnostics %v; want %q and none", messages, diags, want)
		}
		if want := []string{"GET", "validate", "validate", "validate"}; !slices.Equal(stub.calls, want) {
			t.Errorf("calls %v, want %v", stub.calls, want)
		}
	})

	t.Run("fails after the window", func(t *testing.T) {
		stub := &roleAPIStub{status: buckt.StatusFailed}
		stub.validation.answer = func(_ context.Context, attempt int) error { return accessDenied(attempt) }
		_, diags := revalidate(context.Background(), stub, 3*time.Second)
		requireAll(t, errorDetail(t, diags), summaryRevalidation,
			"IAM role "+roleARN+" for AWS account connection awa_1. It tried 2 time(s) over 3s",
			"  AccessDenied (answer 2)\n", `sts:ExternalId = "ext_1"`, "Buckt marked the connection failed", `timeout = "5m"`)
	})

	t.Run("an error a retry cannot fix", func(t *testing.T) {
		stub := &roleAPIStub{status: buckt.StatusActive}
		stub.validation.answer = func(context.Context, int) error { return unauthorized }
		_, diags := revalidate(context.Background(), stub, defaultValidationWindow)
		detail := errorDetail(t, diags)
		requireAll(t, detail, summaryRevalidation, "awa_1: invalid API key", "HTTP 401", "Check the API key")
		if strings.Contains(detail, "sts:ExternalId") {
			t.Errorf("an authentication error explained as a role problem:\n%s", detail)
		}
	})

	t.Run("no role attached", func(t *testing.T) {
		stub := &accountAPIStub{}
		messages, diags := revalidate(context.Background(), stub, defaultValidationWindow)
		requireAll(t, errorDetail(t, diags), "No IAM role to validate", "awa_1 has no IAM role attached",
			"Attach a role first: role_arn on buckt_aws_account, or a buckt_aws_account_role resource")
		if !slices.Equal(stub.calls, []string{"GET"}) || len(messages) != 0 {
			t.Errorf("calls %v and progress %q, want only the GET and no progress", stub.calls, messages)
		}
	})

	t.Run("the read fails", func(t *testing.T) {
		stub := &roleAPIStub{accountAPIStub: accountAPIStub{getErr: &buckt.APIError{StatusCode: http.StatusNotFound,
			Message: "No such AWS account: awa_1", Method: "GET", Path: "/v1/aws-accounts/awa_1"}}}
		_, diags := revalidate(context.Background(), stub, defaultValidationWindow)
		requireAll(t, errorDetail(t, diags), summaryRevalidation, "awa_1: No such AWS account: awa_1", "HTTP 404")
		if !slices.Equal(stub.calls, []string{"GET"}) {
			t.Errorf("calls %v, want only the GET", stub.calls)
		}
	})
}

// An interrupted action (Ctrl-C cancels its context) stops at once and says
// so, where the connection stands and how to go on; never that the role
// failed.
func TestValidateRoleAction_interrupted(t *testing.T) {
	t.Run("while waiting to retry", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stub := &roleAPIStub{status: buckt.StatusActive}
		stub.validation.answer = func(_ context.Context, attempt int) error {
			cancel() // Ctrl-C while Buckt answers the first attempt
			return accessDenied(attempt)
		}
		messages, diags := revalidate(ctx, stub, defaultValidationWindow)
		detail := errorDetail(t, diags)
		requireAll(t, detail, "Validation of the IAM role interrupted", "Terraform was interrupted",
			"stopped validating AWS account connection awa_1 after 0s, validating the role "+roleARN,
			"role_arn and external_id are as they were, and its status was active when the action started",
			"a failed validation marks the connection failed", "Its last answer, to attempt 1, was: AccessDenied (answer 1).",
			"run the action again: terraform apply -invoke=action.buckt_validate_role.<name>")
		if strings.Contains(detail, "could not be validated") || strings.Contains(detail, "Check, in this order") {
			t.Errorf("an interruption reported as a failed validation:\n%s", detail)
		}
		if want := []string{"GET", "validate"}; !slices.Equal(stub.calls, want) {
			t.Errorf("calls %v, want %v: nothing after the interruption", stub.calls, want)
		}
		if last := messages[len(messages)-1]; strings.Contains(last, "validated") {
			t.Errorf("progress ends with %q", last)
		}
	})

	t.Run("before the first request", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		stub := &roleAPIStub{accountAPIStub: accountAPIStub{getErr: fmt.Errorf("%s: %w", stubRequest(emulator.RouteGetAWSAccount), context.Canceled)}}
		_, diags := revalidate(ctx, stub, defaultValidationWindow)
		requireAll(t, errorDetail(t, diags), "Validation of the IAM role interrupted",
			"stopped validating AWS account connection awa_1 before it read the connection: no validation was sent, so nothing changed.",
			"run the action again")
	})
}

func TestValidateRoleAction_schema(t *testing.T) {
	ctx := context.Background()
	var names []string
	for _, newAction := range New("test")().(*bucktProvider).Actions(ctx) {
		a := newAction()
		var meta action.MetadataResponse
		a.Metadata(ctx, action.MetadataRequest{ProviderTypeName: "buckt"}, &meta)
		names = append(names, meta.TypeName)
		var s action.SchemaResponse
		a.Schema(ctx, action.SchemaRequest{}, &s)
		if s.Schema.MarkdownDescription == "" {
			t.Errorf("action %s has no MarkdownDescription", meta.TypeName)
		}
		attrs := map[string]describedAttribute{}
		addDescribed(attrs, "", s.Schema.Attributes)
		checkDescriptions(t, "action."+meta.TypeName, attrs)
	}
	if !slices.Equal(names, []string{"buckt_validate_role"}) {
		t.Errorf("the provider's actions are %v, want [buckt_validate_role]", names)
	}
}
