# A module a platform team writes on top of this provider: one Buckt connection
# per AWS account, the role's policies for whoever deploys the IAM role, the
# role's attachment once it exists, and the buckets Buckt should manage.
# Its tests (tests/*.tftest.hcl) run offline: one with a mocked provider, one
# against the local Buckt emulator. See docs/guides/testing-modules.md.
terraform {
  required_version = ">= 1.5"
  required_providers {
    buckt = {
      source = "buckt/buckt"
    }
  }
}

variable "label" {
  description = "Label of the connection in Buckt, e.g. the AWS account's name."
  type        = string
}

variable "buckt_principal_arn" {
  description = "Buckt's AWS principal, as the Buckt dashboard's CloudFormation template shows it."
  type        = string
}

variable "role_arn" {
  description = "ARN of the IAM role deployed from the assume_role_policy_json and permissions_policy_json outputs; null until it exists."
  type        = string
  default     = null
}

variable "bucket_names" {
  description = "Existing S3 buckets of the account for Buckt to manage; they need the role."
  type        = set(string)
  default     = []
}

# Connect: Buckt generates the external id the role must trust.
resource "buckt_aws_account" "this" {
  label = var.label
}

# The role's two policies, for the team (or stack) that deploys the role.
data "buckt_aws_iam_policy" "this" {
  external_id   = buckt_aws_account.this.external_id
  principal_arn = var.buckt_principal_arn
  bucket_names  = sort(tolist(var.bucket_names))
}

# Attach and validate the role once it exists.
resource "buckt_aws_account_role" "this" {
  count = var.role_arn == null ? 0 : 1

  aws_account = buckt_aws_account.this.id
  role_arn    = var.role_arn
}

# Import the buckets. Referencing the attachment orders the imports after the
# role's validation.
resource "buckt_imported_bucket" "this" {
  for_each = var.bucket_names

  aws_account = var.role_arn == null ? buckt_aws_account.this.id : buckt_aws_account_role.this[0].aws_account
  bucket_name = each.key
}

output "connection_id" {
  description = "Buckt id of the connection (awa_...)."
  value       = buckt_aws_account.this.id
}

output "external_id" {
  description = "External id the role's trust policy must require as sts:ExternalId."
  value       = buckt_aws_account.this.external_id
}

output "status" {
  description = "Status of the connection: pending until a role is validated, then active."
  value       = var.role_arn == null ? buckt_aws_account.this.status : buckt_aws_account_role.this[0].status
}

output "assume_role_policy_json" {
  description = "Trust policy of the IAM role Buckt assumes."
  value       = data.buckt_aws_iam_policy.this.assume_role_policy_json
}

output "permissions_policy_json" {
  description = "Permissions policy of the IAM role Buckt assumes."
  value       = data.buckt_aws_iam_policy.this.permissions_policy_json
}

output "bucket_ids" {
  description = "Buckt ids of the imported buckets (bkt_...), by bucket name."
  value       = { for name, bucket in buckt_imported_bucket.this : name => bucket.id }
}
