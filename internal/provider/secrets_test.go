package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// The API key never reaches a log, even at TRACE, through a full apply with
// retries (WARN lines; the emulator answers 429 to force them), API errors and
// a destroy. The log must contain the provider's own request lines, or the
// test would prove nothing.
func TestAccSecrets_apiKeyNeverLogged(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	bucket := env.aws().buckets(t, 1)[0]
	logged := []string{"Buckt API request", "TRACE"}
	if env.emu != nil {
		env.emu.AddFaultRule(emulator.FaultRule{Route: emulator.RouteGetAWSAccount, Status: 429, Times: 2})
		logged = append(logged, "Retrying Buckt API request")
	} else {
		t.Log("against a real Buckt no retry is forced: only the emulator injects 429s")
	}
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv("TF_LOG", "TRACE")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: bucketConfig(env, bucket)},
			{
				// An API error on the way (a bucket that does not exist).
				Config:      bucketConfig(env, "no-such-bucket"),
				ExpectError: wrapped(`Error importing S3 bucket`),
			},
		},
		CheckDestroy: func(s *terraform.State) error {
			if err := env.checkNothingLeft(s); err != nil {
				return err
			}
			raw, err := os.ReadFile(logFile)
			if err != nil {
				return err
			}
			// terraform-plugin-testing logs each test configuration verbatim, as
			// lines prefixed "|": that is the test harness echoing its input (the
			// key is in the provider block here, the worst case), not a leak by
			// Terraform or the provider, so those lines are left out.
			var kept []string
			for _, line := range strings.Split(string(raw), "\n") {
				if !strings.HasPrefix(strings.TrimSpace(line), "|") {
					kept = append(kept, line)
				}
			}
			log := strings.Join(kept, "\n")
			for _, want := range logged {
				if !strings.Contains(log, want) {
					return fmt.Errorf("the trace log (%d bytes) has no %q line: it does not capture the provider's logs", len(log), want)
				}
			}
			if n := strings.Count(log, env.apiKey); n > 0 {
				i := strings.Index(log, env.apiKey)
				return fmt.Errorf("the API key appears %d time(s) in the trace log, e.g. …%s…", n, log[max(0, i-600):i+40])
			}
			return nil
		},
	})
}
