# Provider-defined functions need Terraform 1.8 or later (OpenTofu 1.7 or later).

# A role created outside Terraform, named by its account and name:
# arn:aws:iam::111122223333:role/BucktAccess.
resource "buckt_aws_account" "production" {
  label    = "production"
  role_arn = provider::buckt::role_arn("111122223333", "BucktAccess")
}

# A role with the path /buckt/, in AWS GovCloud (US):
# arn:aws-us-gov:iam::111122223333:role/buckt/BucktAccess.
output "govcloud_role_arn" {
  value = provider::buckt::role_arn("111122223333", "buckt/BucktAccess", "aws-us-gov")
}
