package main

import (
	"os"
	"strings"
)

// providerLogLevelVariables are the variables that set the levels of the
// provider's loggers (terraform-plugin-go's, the framework's and our own);
// each of them defaults to TRACE when unset.
var providerLogLevelVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_BUCKT"}

// logReaderVariables are the variables by which someone asks for the
// provider's logs, in Terraform, OpenTofu or the testing library, whatever
// level Terraform itself logs at.
var logReaderVariables = append([]string{"TF_LOG_PATH", "TF_ACC_LOG_PATH", "TF_LOG_SDK_PROTO_DATA_DIR"}, providerLogLevelVariables...)

// logsAreRead tells whether anyone reads what the provider logs. Terraform and
// OpenTofu read a provider's stderr at the level of TF_LOG_PROVIDER, or else of
// TF_LOG, and throw everything away when both are unset or "off" (their
// internal/logging package); the provider's loggers would still format every
// line at TRACE for them. A provider in debug mode logs to the developer's
// terminal.
func logsAreRead(getenv func(string) string, debug bool) bool {
	if debug {
		return true
	}
	for _, name := range logReaderVariables {
		if getenv(name) != "" {
			return true
		}
	}
	level := getenv("TF_LOG_PROVIDER")
	if level == "" {
		level = getenv("TF_LOG")
	}
	return level != "" && !strings.EqualFold(level, "off")
}

// silenceLogs turns the provider's loggers off: they are set from the
// environment when each request starts.
func silenceLogs() error {
	for _, name := range providerLogLevelVariables {
		if err := os.Setenv(name, "off"); err != nil {
			return err
		}
	}
	return nil
}
