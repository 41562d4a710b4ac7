# Onboard an AWS account to Buckt in one `terraform apply`: connect it, deploy
# the IAM role Buckt assumes, attach and validate the role, and import buckets.
# Run it with credentials for the AWS account and BUCKT_API_KEY set.
terraform {
  required_version = ">= 1.8" # provider functions; see below for 1.5 to 1.7
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    buckt = {
      source = "buckt/buckt"
    }
  }
}

provider "aws" {}
provider "buckt" {}

variable "buckt_principal_arn" {
  description = "Buckt's AWS principal, as the Buckt dashboard's CloudFormation template shows it."
  type        = string
}

variable "bucket_names" {
  description = "Existing S3 buckets of this account for Buckt to manage."
  type        = set(string)
  default     = ["legacy-marketing", "legacy-sales"]
}

# 1. Connect: Buckt generates the external_id the role must trust.
resource "buckt_aws_account" "this" {
  label = "production"
}

# 2. The role's two policies, written for you by provider functions: trust
#    Buckt's principal on the condition sts:ExternalId = external_id, and the S3
#    permissions Buckt needs, scoped to the buckets. Functions are evaluated at
#    plan, so a later label edit plans a change of the connection only. (On
#    Terraform 1.5 to 1.7, the buckt_aws_iam_policy data source writes the same
#    documents, but it is read during apply whenever the connection has a change
#    pending, and the role's policies then show as "known after apply".)
resource "aws_iam_role" "buckt" {
  name               = "BucktAccess"
  assume_role_policy = provider::buckt::assume_role_policy(var.buckt_principal_arn, buckt_aws_account.this.external_id)
}

resource "aws_iam_role_policy" "buckt" {
  name   = "BucktS3Access"
  role   = aws_iam_role.buckt.id
  policy = provider::buckt::permissions_policy(sort(tolist(var.bucket_names)), [])
}

# 3. Attach and validate the role. Validation is retried while IAM propagates
#    the new role; the permissions must exist before it probes them.
resource "buckt_aws_account_role" "this" {
  aws_account = buckt_aws_account.this.id
  role_arn    = aws_iam_role.buckt.arn
  depends_on  = [aws_iam_role_policy.buckt]
}

# 4. Import the buckets. Referencing the attachment's aws_account orders the
#    imports after validation.
resource "buckt_imported_bucket" "this" {
  for_each = var.bucket_names

  aws_account = buckt_aws_account_role.this.aws_account
  bucket_name = each.value
}

# Later, to adopt every bucket the role can see, replace var.bucket_names with
# the names of buckt_aws_account_s3_buckets. Name the connection by a value
# known at plan time, such as the buckt_aws_account data source looked up by
# the 12-digit AWS account id: a data source that references
# buckt_aws_account.this or buckt_aws_account_role.this is read only during
# apply whenever they have a change pending (a label edit is enough), and the
# for_each then fails to plan.
#
#   data "buckt_aws_account" "this" {
#     id = "111122223333"
#   }
#   data "buckt_aws_account_s3_buckets" "all" {
#     aws_account = data.buckt_aws_account.this.id
#   }
#   for_each = toset(data.buckt_aws_account_s3_buckets.all.names)

output "external_id" {
  value = buckt_aws_account.this.external_id
}

output "imported_bucket_ids" {
  value = { for name, b in buckt_imported_bucket.this : name => b.id }
}
