package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/clock"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// Every way a role can fail validation gives the API's answer, how long it was
// retried, and the likely causes with their fixes, from both resources that
// validate a role. The answer is matched only by the AWS error code the
// contract puts in it, never by its sentence. A role nobody deployed fails
// anywhere; the emulator also deploys roles that fail in the other ways.
func TestAccRoleValidationFailuresExplainThemselves(t *testing.T) {
	causes := []struct {
		name string
		role func(externalID string) *emulator.Role // nil: a role nobody deployed
	}{
		{name: "role not assumable"},
		{
			name: "trusts another external id",
			role: func(string) *emulator.Role {
				return &emulator.Role{ARN: roleARN, ExternalID: "ext_ofAnotherConnection"}
			},
		},
		{
			name: "no S3 permissions",
			role: func(externalID string) *emulator.Role {
				return &emulator.Role{ARN: roleARN, ExternalID: externalID, Permissions: []string{"s3:GetObject"}}
			},
		},
	}
	// trustsConnection: the role can trust the validated connection's external
	// id, known from step 1; a new buckt_aws_account's is not known in advance,
	// so there the role has no external-id condition.
	resources := []struct {
		name             string
		trustsConnection bool
		config           func(env *testEnv, arn string) string
	}{
		{"buckt_aws_account", false, func(env *testEnv, arn string) string {
			return env.config(fmt.Sprintf(`resource "buckt_aws_account" "prod" {
  label = "tf-acc-prod"
}

resource "buckt_aws_account" "test" {
  label    = "tf-acc-validation"
  role_arn = %q
  timeouts {
    create = "3s"
  }
  depends_on = [buckt_aws_account.prod]
}`, arn))
		}},
		{"buckt_aws_account_role", true, func(env *testEnv, arn string) string {
			return attachConfig(env, arn, shortCreateTimeout)
		}},
	}
	causesHint := `Check, in this order:.*trust policy allows Buckt's AWS principal.*sts:ExternalId = "ext_\w+" \(this connection's external_id.*` +
		`s3:ListAllMyBuckets and s3:GetBucketLocation.*timeouts`
	for _, res := range resources {
		for _, cause := range causes {
			t.Run(res.name+"/"+cause.name, func(t *testing.T) {
				t.Parallel()
				env := newTestEnv(t, emulator.Options{})
				arn := roleARN
				if cause.role != nil {
					env.onlyOnEmulator("deploy a role that fails validation (" + cause.name + ")")
				} else {
					arn = unassumableRole(env.aws())
				}
				var externalID captured
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: testProviders,
					CheckDestroy:             env.checkNothingLeft,
					Steps: []resource.TestStep{
						{
							Config:            env.config(prodConnection()),
							ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "external_id", &externalID)},
						},
						{
							PreConfig: func() {
								trusted := ""
								if res.trustsConnection {
									trusted = externalID.value
								}
								if cause.role != nil {
									env.emu.PutRole(*cause.role(trusted))
								}
							},
							Config: res.config(env, arn),
							ExpectError: wrapped(`(?s)could not be validated.*could not use the IAM role ` + regexp.QuoteMeta(arn) +
								` for AWS account connection awa_\w+\. It tried \d+ time\(s\) over \ds; the last answer was: [^\n]*AccessDenied.*` +
								causesHint),
						},
					},
				})
			})
		}
	}
}

// newFakeClock is the clock of validation's unit tests: Sleep advances it at
// once, so a window of minutes is tried in microseconds.
func newFakeClock() *clock.Fake {
	return clock.NewFake(time.Date(2026, 4, 25, 12, 0, 0, 0, time.UTC))
}

// validateStub stands in for the API's validate call: answer gives the answer of
// each attempt (1, 2, ...). Like the HTTP client, it fails at once on a context
// already done.
type validateStub struct {
	calls  int
	answer func(ctx context.Context, attempt int) error
}

func (s *validateStub) validate(ctx context.Context, _ string) error {
	s.calls++
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", stubRequest(emulator.RouteValidateAWSAccount), err)
	}
	return s.answer(ctx, s.calls)
}

// accessDenied is the 422 of a role not assumable (yet), numbered so that a test
// can tell which attempt's answer was reported.
func accessDenied(attempt int) error {
	return &buckt.APIError{StatusCode: http.StatusUnprocessableEntity, Type: "validation_error",
		Message: fmt.Sprintf("AccessDenied (answer %d)", attempt), Method: "POST", Path: "/v1/aws-accounts/awa_1/validate"}
}

// hangUntilDone is a request that gets no answer before ctx ends, as the
// window's close cancels a request in flight.
func hangUntilDone(ctx context.Context, clk *clock.Fake) error {
	for ctx.Err() == nil {
		clk.Advance(100 * time.Millisecond)
	}
	return fmt.Errorf("%s: %w", stubRequest(emulator.RouteValidateAWSAccount), ctx.Err())
}

// validationSchedule is the waits between attempts: 1 s, doubling, capped at 10 s.
func validationSchedule(n int) []time.Duration {
	waits := make([]time.Duration, n)
	wait := validationFirstWait
	for i := range waits {
		waits[i], wait = wait, min(wait*2, validationMaxWait)
	}
	return waits
}

// checkOutcome compares what validateRole did with what the schedule says.
func checkOutcome(t *testing.T, got validationOutcome, clk *clock.Fake, attempts int, elapsed time.Duration, waits int, wantErr error) {
	t.Helper()
	if got.attempts != attempts || got.elapsed != elapsed {
		t.Errorf("attempts %d over %s, want %d over %s", got.attempts, got.elapsed, attempts, elapsed)
	}
	if slept, want := clk.Sleeps(), validationSchedule(waits); !slices.Equal(slept, want) {
		t.Errorf("waited %v, want %v", slept, want)
	}
	switch {
	case wantErr == nil && got.err != nil:
		t.Errorf("err = %v, want nil", got.err)
	case wantErr != nil && (got.err == nil || got.err.Error() != wantErr.Error()):
		t.Errorf("err = %v, want %v", got.err, wantErr)
	}
}

// notAssumableUntil answers 422 up to attempt n, then last (nil: success).
func notAssumableUntil(n int, last error) func(context.Context, int) error {
	return func(_ context.Context, attempt int) error {
		if attempt < n {
			return accessDenied(attempt)
		}
		return last
	}
}

func TestValidateRole_succeedsOnTheThirdAttempt(t *testing.T) {
	clk := newFakeClock()
	stub := &validateStub{answer: notAssumableUntil(3, nil)}
	got := validateRole(context.Background(), clk, stub.validate, "awa_1", defaultValidationWindow)
	// Attempts at 0 s, 1 s and 3 s: waits of 1 s and 2 s.
	checkOutcome(t, got, clk, 3, 3*time.Second, 2, nil)
}

// A role that never becomes assumable is tried until the next wait would not
// fit in the window: waits of 1, 2, 4, 8, then 10 s, each attempt answered at
// once.
func TestValidateRole_failsAfterTheWindow(t *testing.T) {
	cases := []struct {
		window   time.Duration
		attempts int
		elapsed  time.Duration
		waits    int
	}{
		// Attempts at 0, 1, 3, 7, 15, 25, ..., 115 s: 5 s are left after the 15th,
		// less than its 10 s wait.
		{2 * time.Minute, 15, 115 * time.Second, 14},
		// 0, 1, 3, 7, 15, then every 10 s to 295 s: 5 + 28 attempts.
		{5 * time.Minute, 33, 295 * time.Second, 32},
		// 0, 1, 3, 7 s: 3 s are left, less than the 8 s wait.
		{10 * time.Second, 4, 7 * time.Second, 3},
		// A wait that exactly fits is taken; the window then closes before the
		// next request, so the answer of the 2nd attempt (at 1 s) is the last.
		{3 * time.Second, 2, 3 * time.Second, 2},
		{1 * time.Second, 1, 1 * time.Second, 1},
		// Too short for any wait: one attempt.
		{500 * time.Millisecond, 1, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.window.String(), func(t *testing.T) {
			clk := newFakeClock()
			stub := &validateStub{answer: func(_ context.Context, attempt int) error { return accessDenied(attempt) }}
			got := validateRole(context.Background(), clk, stub.validate, "awa_1", tc.window)
			checkOutcome(t, got, clk, tc.attempts, tc.elapsed, tc.waits, accessDenied(tc.attempts))
			if got.elapsed > tc.window {
				t.Errorf("elapsed %s, longer than the window %s", got.elapsed, tc.window)
			}
		})
	}
}

// An error a retry cannot fix ends validation at once, first attempt or not.
func TestValidateRole_nonRetryableErrorsEndAtOnce(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden,
		http.StatusNotFound, http.StatusConflict, http.StatusInternalServerError} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			apiErr := &buckt.APIError{StatusCode: status, Message: "no", Method: "POST", Path: "/v1/aws-accounts/awa_1/validate"}
			clk := newFakeClock()
			stub := &validateStub{answer: func(context.Context, int) error { return apiErr }}
			got := validateRole(context.Background(), clk, stub.validate, "awa_1", defaultValidationWindow)
			checkOutcome(t, got, clk, 1, 0, 0, apiErr)
			if !errors.Is(got.err, apiErr) || stub.calls != 1 {
				t.Errorf("err %v after %d calls, want the %d itself after 1", got.err, stub.calls, status)
			}
		})
	}
	t.Run("after retries", func(t *testing.T) {
		unauthorized := &buckt.APIError{StatusCode: http.StatusUnauthorized, Message: "invalid API key"}
		clk := newFakeClock()
		stub := &validateStub{answer: notAssumableUntil(3, unauthorized)}
		got := validateRole(context.Background(), clk, stub.validate, "awa_1", defaultValidationWindow)
		checkOutcome(t, got, clk, 3, 3*time.Second, 2, unauthorized)
	})
	t.Run("network error", func(t *testing.T) {
		refused := errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
		clk := newFakeClock()
		stub := &validateStub{answer: func(context.Context, int) error { return refused }}
		got := validateRole(context.Background(), clk, stub.validate, "awa_1", defaultValidationWindow)
		checkOutcome(t, got, clk, 1, 0, 0, refused)
	})
}

// When the window closes while a request is in flight, that request's answer
// (a cancelled context) says nothing about the role: the previous one is
// reported, with the attempts that got an answer.
func TestValidateRole_windowClosesMidRequest(t *testing.T) {
	clk := newFakeClock()
	stub := &validateStub{}
	stub.answer = func(ctx context.Context, attempt int) error {
		if attempt == 3 {
			return hangUntilDone(ctx, clk) // sent at 3 s, it hangs past the 10 s window
		}
		return accessDenied(attempt)
	}
	got := validateRole(context.Background(), clk, stub.validate, "awa_1", 10*time.Second)
	checkOutcome(t, got, clk, 2, 10*time.Second, 2, accessDenied(2))
	if stub.calls != 3 {
		t.Errorf("%d calls, want 3", stub.calls)
	}

	t.Run("first request", func(t *testing.T) {
		// Without a previous answer, the cut request's own error is all there is.
		clk := newFakeClock()
		stub := &validateStub{answer: func(ctx context.Context, _ int) error { return hangUntilDone(ctx, clk) }}
		got := validateRole(context.Background(), clk, stub.validate, "awa_1", 10*time.Second)
		if got.attempts != 1 || got.elapsed != 10*time.Second || !errors.Is(got.err, context.Canceled) {
			t.Errorf("got %d attempts over %s, err %v; want 1 over 10s ending in the cancelled request", got.attempts, got.elapsed, got.err)
		}
	})
}

// A caller that cancels (Terraform interrupted) ends validation at once, with
// the last answer the role got, if any.
func TestValidateRole_callerCancels(t *testing.T) {
	canceled := fmt.Errorf("%s: %w", stubRequest(emulator.RouteValidateAWSAccount), context.Canceled)
	cases := []struct {
		name     string
		cancelOn int  // the attempt during which the caller cancels; 0: before the first
		hangs    bool // the request in flight then ends with the context, unanswered
		attempts int
		waits    int
		wantErr  error
	}{
		{name: "before the first request", attempts: 1, wantErr: canceled},
		{name: "during the wait after a 422", cancelOn: 1, attempts: 1, wantErr: accessDenied(1)},
		{name: "during the second request", cancelOn: 2, hangs: true, attempts: 1, waits: 1, wantErr: accessDenied(1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelOn == 0 {
				cancel()
			}
			clk := newFakeClock()
			stub := &validateStub{answer: func(ctx context.Context, attempt int) error {
				if attempt == tc.cancelOn {
					cancel()
					if tc.hangs {
						return ctx.Err()
					}
				}
				return accessDenied(attempt)
			}}
			got := validateRole(ctx, clk, stub.validate, "awa_1", defaultValidationWindow)
			checkOutcome(t, got, clk, tc.attempts, time.Duration(tc.waits)*time.Second, tc.waits, tc.wantErr)
			if !got.interrupted {
				t.Error("the outcome does not say it was interrupted")
			}
			if want := max(tc.cancelOn, 1); stub.calls != want {
				t.Errorf("%d calls, want %d: nothing is sent after the cancel", stub.calls, want)
			}
		})
	}

	t.Run("wall clock", func(t *testing.T) {
		// The real clock's wait ends with the context too, in no time.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stub := &validateStub{answer: func(_ context.Context, attempt int) error {
			cancel()
			return accessDenied(attempt)
		}}
		start := time.Now()
		got := validateRole(ctx, clock.Real{}, stub.validate, "awa_1", time.Hour)
		if took := time.Since(start); took > time.Second || got.attempts != 1 || !errors.Is(got.err, buckt.ErrValidation) {
			t.Errorf("took %s for %d attempts ending in %v; want at once, 1, the 422", took, got.attempts, got.err)
		}
	})
}

// An interrupted validation is reported as interrupted, with the last answer,
// never as a failure with the troubleshooting checklist; a window that closed
// on its own is a failure.
func TestAddValidationError_interrupted(t *testing.T) {
	outcome := validationOutcome{attempts: 3, elapsed: 7 * time.Second, err: accessDenied(3), interrupted: true}
	var diags diag.Diagnostics
	addValidationError(&diags, "could not be validated", "awa_1", "ext_1", roleARN, outcome, "HINT")
	if len(diags) != 1 {
		t.Fatalf("diagnostics %v, want one", diags)
	}
	summary, detail := diags[0].Summary(), diags[0].Detail()
	for _, want := range []string{"after 3 attempt(s) over 7s", "neither valid nor invalid", "AccessDenied (answer 3)",
		"run terraform apply again", "HINT", roleARN, "awa_1"} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, detail)
		}
	}
	if summary != "Validation of the IAM role interrupted" || strings.Contains(detail, "Check, in this order") {
		t.Errorf("summary %q, detail %q: want an interruption, not the failure checklist", summary, detail)
	}

	diags = nil
	outcome.interrupted = false
	addValidationError(&diags, "could not be validated", "awa_1", "ext_1", roleARN, outcome, "HINT")
	if diags[0].Summary() != "could not be validated" || !strings.Contains(diags[0].Detail(), "Check, in this order") {
		t.Errorf("a failure without interruption: %q %q", diags[0].Summary(), diags[0].Detail())
	}
}

// The hook the action sends progress by: each attempt that will be retried
// is reported before its wait, with its answer; the last attempt never is.
func TestValidateRoleNotifying_reportsEachRetryBeforeItsWait(t *testing.T) {
	cases := []struct {
		name    string
		answer  func(context.Context, int) error
		window  time.Duration
		retries int // the attempts that were retried, hence reported
	}{
		{"succeeds on the fourth attempt", notAssumableUntil(4, nil), defaultValidationWindow, 3},
		// Attempts at 0, 1, 3, 7 s: the 4th's 8 s wait does not fit in 10 s.
		{"fails after the window", func(_ context.Context, attempt int) error { return accessDenied(attempt) }, 10 * time.Second, 3},
		{"succeeds at once", notAssumableUntil(1, nil), defaultValidationWindow, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			start := clk.Now()
			stub := &validateStub{answer: tc.answer}
			var got []validationRetry
			var at []time.Duration
			validateRoleNotifying(context.Background(), clk, stub.validate, "awa_1", tc.window, func(r validationRetry) {
				got, at = append(got, r), append(at, clk.Now().Sub(start))
			})
			waits := validationSchedule(tc.retries)
			if len(got) != tc.retries {
				t.Fatalf("%d retries reported, want %d: %+v", len(got), tc.retries, got)
			}
			var elapsed time.Duration
			for i, r := range got {
				if r.attempt != i+1 || r.wait != waits[i] || r.err.Error() != accessDenied(i+1).Error() {
					t.Errorf("retry %d: attempt %d, wait %s, err %v; want attempt %d, wait %s, err %v",
						i+1, r.attempt, r.wait, r.err, i+1, waits[i], accessDenied(i+1))
				}
				if at[i] != elapsed {
					t.Errorf("retry %d reported at %s, want %s: before its wait", i+1, at[i], elapsed)
				}
				elapsed += waits[i]
			}
			if slept := clk.Sleeps(); !slices.Equal(slept, waits) {
				t.Errorf("waited %v, want %v", slept, waits)
			}
		})
	}
}
