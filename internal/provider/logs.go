package provider

import (
	"os"
	"strings"
)

// providerLogLevelVariables are the variables that set the levels of the
// provider's loggers (terraform-plugin-go's, the framework's and our own);
// each of them defaults to TRACE when unset.
var providerLogLevelVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_BUCKT"}

// logPathVariables are the variables by which someone asks for the provider's
// logs in a file, in Terraform, OpenTofu or the testing library, whatever
// level Terraform itself logs at.
var logPathVariables = []string{"TF_LOG_PATH", "TF_ACC_LOG_PATH", "TF_LOG_SDK_PROTO_DATA_DIR"}

// logsAreRead tells whether anyone reads what the provider logs. Terraform and
// OpenTofu read a provider's stderr at the level of TF_LOG_PROVIDER, or else of
// TF_LOG, and throw everything away when both are unset or "off" (their
// internal/logging package); the provider's loggers would still format every
// line at TRACE for them. A provider in debug mode logs to the developer's
// terminal. A logger's level set to "off" asks for nothing, so the variables
// SilenceUnreadLogs sets do not count.
func logsAreRead(getenv func(string) string, debug bool) bool {
	if debug {
		return true
	}
	for _, name := range logPathVariables {
		if getenv(name) != "" {
			return true
		}
	}
	for _, name := range providerLogLevelVariables {
		if asksForLogs(getenv(name)) {
			return true
		}
	}
	level := getenv("TF_LOG_PROVIDER")
	if level == "" {
		level = getenv("TF_LOG")
	}
	return asksForLogs(level)
}

// asksForLogs reports whether a log level variable's value turns logging on.
func asksForLogs(level string) bool { return level != "" && !strings.EqualFold(level, "off") }

// SilenceUnreadLogs turns the provider's loggers off when nobody reads them
// (logsAreRead; debug is the -debug flag). terraform-plugin-go and the
// framework set each logger's level from the environment when a request
// starts, and log every request at the protocol layer before the server sees
// it, so the environment is the only switch. It changes this process's
// environment: only main calls it. In the acceptance tests the provider logs
// into terraform-plugin-testing's sink instead, which is off unless TF_LOG or
// TF_ACC_LOG_PATH is set.
func SilenceUnreadLogs(debug bool) error {
	if logsAreRead(os.Getenv, debug) {
		return nil
	}
	for _, name := range providerLogLevelVariables {
		if err := os.Setenv(name, "off"); err != nil {
			return err
		}
	}
	return nil
}
