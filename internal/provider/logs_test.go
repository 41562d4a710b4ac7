package provider

import (
	"os"
	"testing"
)

func TestLogsAreRead(t *testing.T) {
	for _, c := range []struct {
		name  string
		env   map[string]string
		debug bool
		want  bool
	}{
		{"nothing set: Terraform discards provider logs", nil, false, false},
		{"TF_LOG=off", map[string]string{"TF_LOG": "off"}, false, false},
		{"TF_LOG_CORE only: the provider logger stays off", map[string]string{"TF_LOG_CORE": "trace"}, false, false},
		{"TF_LOG_PROVIDER=off overrides TF_LOG", map[string]string{"TF_LOG": "trace", "TF_LOG_PROVIDER": "OFF"}, false, false},
		{"TF_LOG_SDK=off asks for nothing", map[string]string{"TF_LOG_SDK": "off"}, false, false},
		{"TF_LOG", map[string]string{"TF_LOG": "trace"}, false, true},
		{"TF_LOG=json", map[string]string{"TF_LOG": "json"}, false, true},
		{"TF_LOG_PROVIDER", map[string]string{"TF_LOG_PROVIDER": "debug"}, false, true},
		{"TF_LOG_PROVIDER_BUCKT", map[string]string{"TF_LOG_PROVIDER_BUCKT": "debug"}, false, true},
		{"TF_LOG_SDK_FRAMEWORK", map[string]string{"TF_LOG_SDK_FRAMEWORK": "trace"}, false, true},
		{"TF_LOG_PATH", map[string]string{"TF_LOG_PATH": "/tmp/tf.log"}, false, true},
		{"TF_ACC_LOG_PATH", map[string]string{"TF_ACC_LOG_PATH": "/tmp/acc.log"}, false, true},
		{"debug mode", nil, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := logsAreRead(func(name string) string { return c.env[name] }, c.debug); got != c.want {
				t.Errorf("logsAreRead = %t, want %t", got, c.want)
			}
		})
	}
}

// TestSilenceUnreadLogs: it turns every provider logger off when nobody reads
// them, which does not make the logs read (main decides both), and leaves the
// environment alone when someone does.
func TestSilenceUnreadLogs(t *testing.T) {
	withoutLogReaders(t)
	if err := SilenceUnreadLogs(true); err != nil {
		t.Fatal(err)
	}
	if level := os.Getenv("TF_LOG_SDK_PROTO"); level != "" {
		t.Fatalf("in debug mode TF_LOG_SDK_PROTO became %q", level)
	}
	if err := SilenceUnreadLogs(false); err != nil {
		t.Fatal(err)
	}
	for _, name := range providerLogLevelVariables {
		if level := os.Getenv(name); level != "off" {
			t.Errorf("%s=%q, want off", name, level)
		}
	}
	if logsAreRead(os.Getenv, false) {
		t.Error("once silenced, the logs count as read")
	}
}

// withoutLogReaders unsets, until t ends, every variable by which someone asks
// for the provider's logs.
func withoutLogReaders(t *testing.T) {
	t.Helper()
	for _, name := range append(append([]string{"TF_LOG", "TF_LOG_PROVIDER"}, logPathVariables...), providerLogLevelVariables...) {
		t.Setenv(name, "")
	}
}
