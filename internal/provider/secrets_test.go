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
// retries (WARN lines), API errors and a destroy. The log must contain the
// provider's own request lines, or the test would prove nothing.
func TestAccSecrets_apiKeyNeverLogged(t *testing.T) {
	skipAgainstRealBuckt(t, "inject 429s, so that retries are logged too")
	env := bucketEnv(t, "legacy-marketing")
	emu := env.emu
	emu.AddFaultRule(emulator.FaultRule{Route: emulator.RouteGetAWSAccount, Status: 429, Times: 2})
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv("TF_LOG", "TRACE")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: bucketConfig(env, "legacy-marketing")},
			{
				// An API error on the way (a bucket that does not exist).
				Config:      bucketConfig(env, "no-such-bucket"),
				ExpectError: wrapped(`Error importing S3 bucket`),
			},
		},
		CheckDestroy: func(*terraform.State) error {
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
			for _, want := range []string{"Buckt API request", "Retrying Buckt API request", "TRACE"} {
				if !strings.Contains(log, want) {
					return fmt.Errorf("the trace log (%d bytes) has no %q line: it does not capture the provider's logs", len(log), want)
				}
			}
			if n := strings.Count(log, testAPIKey); n > 0 {
				i := strings.Index(log, testAPIKey)
				return fmt.Errorf("the API key appears %d time(s) in the trace log, e.g. …%s…", n, log[max(0, i-600):i+40])
			}
			return nil
		},
	})
}
