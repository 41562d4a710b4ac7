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

output "connections" {
  value = [for a in data.buckt_aws_accounts.all.aws_accounts : "${a.id} ${a.label} ${a.status}"]
}
