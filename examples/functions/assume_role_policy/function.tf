# Provider-defined functions need Terraform 1.8 or later (OpenTofu 1.7 or later).
resource "buckt_aws_account" "production" {
  label = "production"
}

# The trust policy of the role Buckt assumes, for the role's assume_role_policy:
# the same JSON as data.buckt_aws_iam_policy's assume_role_policy_json.
output "buckt_trust_policy" {
  value = provider::buckt::assume_role_policy(
    "arn:aws:iam::999988887777:role/BucktService", # as the Buckt dashboard shows it
    buckt_aws_account.production.external_id,
  )
}
