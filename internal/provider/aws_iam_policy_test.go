package provider

// policyDoc reads, in checks, the parts of a policy document of the
// buckt_aws_iam_policy data source or of the policy functions that they look
// at (internal/awspolicy's tests check whole documents).
type policyDoc struct {
	Statement []struct {
		Sid       string
		Principal map[string]string
		Resource  []string
		Condition map[string]map[string]string
	}
}
