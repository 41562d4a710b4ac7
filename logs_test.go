package main

import "testing"

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
