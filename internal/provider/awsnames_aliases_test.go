package provider

import "github.com/buckt/terraform-provider-buckt/internal/awsnames"

// The names functions_test.go knows two rules by, from before they moved to
// internal/awsnames. Tests only: drop them once it says awsnames.RoleARN and
// awsnames.Partitions.
var (
	roleARNPattern = awsnames.RoleARN
	awsPartitions  = awsnames.Partitions
)
