# The tested twin of examples/organization, against the local emulator: many
# accounts onboarded in one apply, with the emulator's simulated IAM standing in
# for the StackSet. An acceptance test applies it to 50 accounts. The endpoint
# and API key come from BUCKT_ENDPOINT and BUCKT_API_KEY.
terraform {
  required_providers {
    buckt = {
      source = "buckt/buckt"
    }
  }
}

provider "buckt" {}

variable "emulator_url" {
  description = "Base URL of the Buckt emulator, whose admin API deploys the IAM roles."
  type        = string
}

variable "aws_account_ids" {
  description = "The 12-digit ids of the AWS accounts to connect to Buckt."
  type        = set(string)
  default     = ["111122223333", "222233334444", "333344445555"]

  validation {
    condition     = alltrue([for id in var.aws_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "Every AWS account id must be 12 digits, such as \"111122223333\"; quote it so that leading zeros survive."
  }
}

variable "buckt_principal_arn" {
  description = "Buckt's AWS principal (the emulator's)."
  type        = string
  default     = "arn:aws:iam::999988887777:role/BucktService"
}

variable "role_name" {
  description = "Name of the IAM role deployed in every account."
  type        = string
  default     = "BucktAccess"
}

# 1. Connect every account: Buckt generates each connection's external_id.
resource "buckt_aws_account" "this" {
  for_each = var.aws_account_ids

  label = each.key
}

# 2. Each account's role policies. The real example writes them once into the
#    StackSet's template and passes external_id as a parameter override; here
#    each account's trust policy carries its own external_id directly.
data "buckt_aws_iam_policy" "this" {
  for_each = var.aws_account_ids

  external_id   = buckt_aws_account.this[each.key].external_id
  principal_arn = var.buckt_principal_arn
}

# 3. Deploy each account's role: the stand-in for its StackSet instance. The
#    emulator makes a new role unassumable for a few seconds, as IAM does.
locals {
  roles = {
    for id in var.aws_account_ids : id => {
      arn               = "arn:aws:iam::${id}:role/${var.role_name}"
      assumeRolePolicy  = data.buckt_aws_iam_policy.this[id].assume_role_policy_json
      permissionsPolicy = data.buckt_aws_iam_policy.this[id].permissions_policy_json
    }
  }
}

# Provisioners run on create only: a changed role replaces the object.
resource "terraform_data" "iam_role" {
  for_each = var.aws_account_ids

  input            = local.roles[each.key]
  triggers_replace = local.roles[each.key]

  provisioner "local-exec" {
    command     = "curl -fsS -X PUT \"$URL/_admin/iam-roles\" -H 'Content-Type: application/json' -d \"$ROLE\""
    environment = { URL = var.emulator_url, ROLE = jsonencode(self.input) }
  }
}

# 4. Attach and validate each role, retrying while IAM propagates it: no
#    time_sleep, and no cycle, since the attachment comes after the role.
resource "buckt_aws_account_role" "this" {
  for_each = var.aws_account_ids

  aws_account = buckt_aws_account.this[each.key].id
  role_arn    = terraform_data.iam_role[each.key].output.arn
}

output "status" {
  description = "Each account's connection status, by AWS account id: active once its role validated."
  value       = { for id, r in buckt_aws_account_role.this : id => r.status }
}

output "connection_ids" {
  description = "Each account's Buckt connection id (awa_...), by AWS account id."
  value       = { for id, a in buckt_aws_account.this : id => a.id }
}
