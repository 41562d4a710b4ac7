resource "buckt_aws_account" "production" {
  label    = "production"
  role_arn = "arn:aws:iam::111122223333:role/BucktAccess"
}

# Adopt every S3 bucket of a connected account in one configuration. The keys of
# for_each must be known at plan time, so the connection must already exist
# (apply it first) when this is added.
data "buckt_aws_account_s3_buckets" "x" {
  aws_account = buckt_aws_account.production.id
}

resource "buckt_imported_bucket" "all" {
  for_each = toset(data.buckt_aws_account_s3_buckets.x.names)

  aws_account = buckt_aws_account.production.id
  bucket_name = each.value
}

# Or only some of them:
data "buckt_aws_account_s3_buckets" "logs" {
  aws_account = buckt_aws_account.production.id
  name_prefix = "logs-"
  name_regex  = "-(eu|us)$"
}
