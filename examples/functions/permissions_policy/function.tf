# Provider-defined functions need Terraform 1.8 or later (OpenTofu 1.7 or later).

# The permissions policy of the role Buckt assumes, scoped to two buckets: the
# same JSON as data.buckt_aws_iam_policy's permissions_policy_json. The second
# argument lists the KMS keys of SSE-KMS buckets: none here.
output "buckt_permissions_policy" {
  value = provider::buckt::permissions_policy(["legacy-marketing", "legacy-sales"], [])
}

# Every bucket whose name starts with logs-, encrypted with a KMS key: the policy
# also allows kms:Decrypt and kms:GenerateDataKey on that key.
output "buckt_permissions_policy_kms" {
  value = provider::buckt::permissions_policy(
    ["logs-*"],
    ["arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
  )
}

# Every bucket of an account in AWS China: empty lists, and the partition
# (default "aws") as the optional last argument.
output "buckt_permissions_policy_china" {
  value = provider::buckt::permissions_policy([], [], "aws-cn")
}
