# Connect first: Buckt generates the external_id the role must trust.
resource "buckt_aws_account" "production" {
  label = "production"
}

# The role's policies, from provider functions (Terraform 1.8+; the
# buckt_aws_iam_policy data source writes the same on 1.5 to 1.7).
resource "aws_iam_role" "buckt" {
  name = "BucktAccess"
  assume_role_policy = provider::buckt::assume_role_policy(
    "arn:aws:iam::999988887777:role/BucktService", # Buckt's principal, as the Buckt dashboard shows it
    buckt_aws_account.production.external_id,
  )
}

resource "aws_iam_role_policy" "buckt" {
  name   = "BucktS3Access"
  role   = aws_iam_role.buckt.id
  policy = provider::buckt::permissions_policy([], [])
}

# Then attach and validate the role. No cycle, no second apply, no time_sleep:
# validation is retried while IAM propagates the new role.
resource "buckt_aws_account_role" "production" {
  aws_account = buckt_aws_account.production.id
  role_arn    = aws_iam_role.buckt.arn
  depends_on  = [aws_iam_role_policy.buckt]

  timeouts {
    create = "5m"
  }
}
