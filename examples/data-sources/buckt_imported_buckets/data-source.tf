# Adopt every S3 bucket of an AWS account, whether or not it is in Buckt yet:
# the import block adopts the buckets already imported into Buckt (by hand, or
# by another configuration) with their existing ids, and buckt_imported_bucket
# imports every other visible bucket on apply.
#
# import blocks with for_each need Terraform >= 1.7.
#
# Both for_each must be known when Terraform plans, so name the connection by a
# value known at plan: a literal, a variable or the 12-digit AWS account id, not
# an attribute of a resource created or changed in the same apply (a data source
# that references a resource with a pending change is read only during apply).
# Here the connection is managed elsewhere (connected by hand, or in another
# workspace) and passed in by its awa_ id.
variable "connection_id" {
  description = "Buckt id of the active AWS account connection, e.g. awa_01H8XYZABCDEFGHJKMNPQRSTVW."
  type        = string
}

# The buckets already in Buckt, by the 12-digit AWS account id (or the awa_ id).
data "buckt_imported_buckets" "production" {
  aws_account = "111122223333"
}

# Every S3 bucket the connection's role can see.
data "buckt_aws_account_s3_buckets" "production" {
  aws_account = var.connection_id
}

resource "buckt_imported_bucket" "all" {
  for_each = toset(data.buckt_aws_account_s3_buckets.production.names)

  aws_account = var.connection_id
  bucket_name = each.value
}

import {
  for_each = { for b in data.buckt_imported_buckets.production.buckets : b.bucket_name => b.import_id }

  to = buckt_imported_bucket.all[each.key]
  id = each.value
}

# Or only some of them:
data "buckt_imported_buckets" "logs" {
  aws_account = "111122223333"
  name_prefix = "logs-"
  name_regex  = "-(eu|us)$"
}
