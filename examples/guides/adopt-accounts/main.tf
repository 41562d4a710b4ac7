# Adopt AWS accounts connected to Buckt by hand (in the dashboard, or by a
# script) into this configuration, by the 12-digit AWS account ids you know.
# The next plan imports each connection and changes nothing in Buckt; from then
# on Terraform manages them like the ones it connected itself.
#
# import blocks with for_each need Terraform >= 1.7. On 1.5 and 1.6 write one
# import block per account, or run
#   terraform import 'buckt_aws_account.this["111122223333"]' 111122223333
terraform {
  required_version = ">= 1.7"
  required_providers {
    buckt = {
      source = "buckt/buckt"
    }
  }
}

provider "buckt" {}

variable "connected_accounts" {
  description = "The AWS accounts already connected to Buckt, each through a validated role: their labels in Buckt, by 12-digit AWS account id."
  type        = map(string)
  default = {
    "111122223333" = "production"
    "444455556666" = "staging"
  }
}

# Import by the 12-digit id: the provider finds the connection whose validated
# role belongs to that AWS account (an error if none or several do). for_each
# of an import block must be known at plan time: a variable or a literal is.
import {
  for_each = var.connected_accounts

  to = buckt_aws_account.this[each.key]
  id = each.key
}

# Write the configuration to match what exists (here: the labels), so that the
# plan after the import is empty. The role attached by hand stays as it is:
# role_arn is left unset, and Terraform records it from Buckt.
resource "buckt_aws_account" "this" {
  for_each = var.connected_accounts

  label = each.value
}

output "connection_ids" {
  value = { for id, a in buckt_aws_account.this : id => a.id }
}
