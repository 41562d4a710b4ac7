# Connect first: Buckt generates the external_id the role must trust.
resource "buckt_aws_account" "production" {
  label = "production"
}

data "buckt_aws_iam_policy" "production" {
  external_id   = buckt_aws_account.production.external_id
  principal_arn = "arn:aws:iam::999988887777:role/BucktService" # as the Buckt dashboard shows it
}

resource "aws_iam_role" "buckt" {
  name               = "BucktAccess"
  assume_role_policy = data.buckt_aws_iam_policy.production.assume_role_policy_json
}

resource "aws_iam_role_policy" "buckt" {
  name   = "BucktS3Access"
  role   = aws_iam_role.buckt.id
  policy = data.buckt_aws_iam_policy.production.permissions_policy_json
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
