package provider

// policyDoc reads a policy document of the buckt_aws_iam_policy data source or
// of the policy functions in checks, independently of internal/awspolicy's own
// types, whose tests have a reader of their own.
type policyDoc struct {
	Version   string
	Statement []struct {
		Sid       string
		Effect    string
		Principal map[string]string
		Action    any
		Resource  []string
		Condition map[string]map[string]string
	}
}
