# Provider-defined functions need Terraform 1.8 or later (OpenTofu 1.7 or later).

# The permissions policy of the role Buckt assumes, scoped to two buckets: the
# same JSON as data.buckt_aws_iam_policy's permissions_policy_json.
output "buckt_permissions_policy" {
  value = provider::buckt::permissions_policy(["legacy-marketing", "legacy-sales"])
}

# Every bucket of an account in AWS China: an empty list, and the partition
# (default "aws") as the optional last argument.
output "buckt_permissions_policy_china" {
  value = provider::buckt::permissions_policy([], "aws-cn")
}
