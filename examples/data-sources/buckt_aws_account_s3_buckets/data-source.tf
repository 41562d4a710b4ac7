resource "buckt_aws_account" "production" {
  label    = "production"
  role_arn = "arn:aws:iam::111122223333:role/BucktAccess"
}

# Adopt every S3 bucket the connection's role can see.
#
# for_each keys must be known when Terraform plans. Name the connection by a
# value that is known at plan: here the buckt_aws_account data source looked up
# by the 12-digit AWS account id (a variable holding the awa_ id, or a separate
# workspace, works too). Do not use buckt_aws_account.production.id here: a data
# source that references a resource with a pending change (even a label edit)
# is read only during apply, and every for_each over it then fails to plan.
# Add this part once the connection is active.
data "buckt_aws_account" "production" {
  id = "111122223333"
}

data "buckt_aws_account_s3_buckets" "production" {
  aws_account = data.buckt_aws_account.production.id
}

resource "buckt_imported_bucket" "all" {
  for_each = toset(data.buckt_aws_account_s3_buckets.production.names)

  aws_account = data.buckt_aws_account.production.id
  bucket_name = each.value

  # Release the buckets before the connection is disconnected on destroy.
  depends_on = [buckt_aws_account.production]
}

# Or only some of them:
data "buckt_aws_account_s3_buckets" "logs" {
  aws_account = data.buckt_aws_account.production.id
  name_prefix = "logs-"
  name_regex  = "-(eu|us)$"
}
