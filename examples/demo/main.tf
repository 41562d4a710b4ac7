# The demo `make demo` applies against the local emulator, and an acceptance
# test applies too: the onboarding of examples/onboarding in one apply, with
# the emulator's simulated IAM standing in for the aws provider. The endpoint
# and API key come from BUCKT_ENDPOINT and BUCKT_API_KEY.
terraform {
  required_version = ">= 1.8"
  required_providers {
    buckt = {
      source = "buckt/buckt"
    }
  }
}

provider "buckt" {}

variable "emulator_url" {
  description = "Base URL of the Buckt emulator, whose admin API deploys the IAM role."
  type        = string
}

variable "buckt_principal_arn" {
  description = "Buckt's AWS principal (the emulator's)."
  type        = string
  default     = "arn:aws:iam::999988887777:role/BucktService"
}

variable "bucket_names" {
  description = "Existing S3 buckets of the production account to import (the demo creates them in the emulator)."
  type        = set(string)
  default     = ["legacy-marketing", "legacy-sales"]
}

variable "production_label" {
  description = "Label of the production connection in Buckt."
  type        = string
  default     = "production"
}

# 1. Connect: Buckt generates the external_id the role must trust.
resource "buckt_aws_account" "production" {
  label = var.production_label
}

# Connected, no role yet: stays pending and shows the external_id to trust.
resource "buckt_aws_account" "staging" {
  label = "staging"
}

# 2. The role's trust and permissions policies, from provider functions
#    (Terraform 1.8+): evaluated at plan, so a later label edit plans a change of
#    the connection only, never of the role.
# 3. Deploy the IAM role. With real AWS this is aws_iam_role and
#    aws_iam_role_policy (examples/onboarding); here the emulator's admin API.
#    The emulator makes a new role unassumable for a few seconds, as IAM does.
locals {
  role = {
    arn               = "arn:aws:iam::111122223333:role/BucktDemoAccess"
    assumeRolePolicy  = provider::buckt::assume_role_policy(var.buckt_principal_arn, buckt_aws_account.production.external_id)
    permissionsPolicy = provider::buckt::permissions_policy(sort(tolist(var.bucket_names)), [])
  }
}

resource "terraform_data" "iam_role" {
  input            = local.role
  triggers_replace = local.role

  provisioner "local-exec" {
    command     = "curl -fsS -X PUT \"$URL/_admin/iam-roles\" -H 'Content-Type: application/json' -d \"$ROLE\""
    environment = { URL = var.emulator_url, ROLE = jsonencode(local.role) }
  }
}

# 4. Attach and validate the role, retrying while IAM propagates it.
resource "buckt_aws_account_role" "production" {
  aws_account = buckt_aws_account.production.id
  role_arn    = terraform_data.iam_role.output.arn
}

# 5. Import the buckets, after validation. Destroy only releases them: the S3
#    buckets and their data stay.
resource "buckt_imported_bucket" "legacy" {
  for_each = var.bucket_names

  aws_account = buckt_aws_account_role.production.aws_account
  bucket_name = each.value
}

# Everything the production role can see, sorted by name.
data "buckt_aws_account_s3_buckets" "production" {
  aws_account = buckt_aws_account_role.production.aws_account
}

data "buckt_aws_accounts" "all" {
  depends_on = [buckt_aws_account.production, buckt_aws_account_role.production, buckt_aws_account.staging]
}

output "production" {
  value = {
    id             = buckt_aws_account.production.id
    external_id    = buckt_aws_account.production.external_id
    status         = buckt_aws_account_role.production.status
    aws_account_id = buckt_aws_account_role.production.aws_account_id
  }
}

output "staging_external_id" {
  description = "Put this in the staging role's trust policy as sts:ExternalId."
  value       = buckt_aws_account.staging.external_id
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
