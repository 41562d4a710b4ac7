resource "buckt_aws_account" "production" {
  label = "production"
}

# Both policy documents of the role Buckt assumes, computed locally.
data "buckt_aws_iam_policy" "production" {
  external_id   = buckt_aws_account.production.external_id
  principal_arn = "arn:aws:iam::999988887777:role/BucktService" # as the Buckt dashboard shows it
  bucket_names  = ["legacy-marketing", "legacy-sales"]
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
