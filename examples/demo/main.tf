# The demo `make demo` applies against the local emulator. The endpoint and API
# key come from BUCKT_ENDPOINT and BUCKT_API_KEY, which the demo script sets.
terraform {
  required_providers {
    buckt = {
      source = "buckt/buckt"
    }
  }
}

provider "buckt" {}

variable "production_role_arn" {
  description = "IAM role Buckt assumes in the production account (the demo creates it in the emulator just before the apply)."
  type        = string
  default     = "arn:aws:iam::111122223333:role/BucktDemoAccess"
}

# Connected, no role yet: stays pending and shows the external_id to trust.
resource "buckt_aws_account" "staging" {
  label = "staging"
}

# Connected with a role that was created seconds ago: validation retries until
# IAM has propagated it, within the timeouts window.
resource "buckt_aws_account" "production" {
  label    = "production"
  role_arn = var.production_role_arn

  timeouts {
    create = "1m"
  }
}

variable "bucket_names" {
  description = "Existing S3 buckets of the production account to import into Buckt (the demo creates them in the emulator)."
  type        = set(string)
  default     = ["legacy-marketing", "legacy-sales"]
}

# Import existing S3 buckets; Buckt manages them in place. Destroy only
# releases them: the S3 buckets and their data stay.
resource "buckt_imported_bucket" "legacy" {
  for_each = var.bucket_names

  aws_account = buckt_aws_account.production.id
  bucket_name = each.value
}

# Everything the production role can see, sorted by name.
data "buckt_aws_account_s3_buckets" "production" {
  aws_account = buckt_aws_account.production.id
}

data "buckt_aws_accounts" "all" {
  depends_on = [buckt_aws_account.staging, buckt_aws_account.production]
}

output "staging_external_id" {
  description = "Put this in the staging role's trust policy as sts:ExternalId."
  value       = buckt_aws_account.staging.external_id
}

output "production" {
  value = {
    id             = buckt_aws_account.production.id
    status         = buckt_aws_account.production.status
    aws_account_id = buckt_aws_account.production.aws_account_id
  }
}

output "imported_buckets" {
  value = { for name, b in buckt_imported_bucket.legacy : name => b.id }
}

output "visible_s3_buckets" {
  value = data.buckt_aws_account_s3_buckets.production.names
}

output "connections" {
  value = [for a in data.buckt_aws_accounts.all.aws_accounts : "${a.id} ${a.label} ${a.status}"]
}
