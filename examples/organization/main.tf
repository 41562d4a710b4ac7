# Onboard many AWS accounts of an organization to Buckt in one
# `terraform apply`: one connection per account, the IAM role Buckt assumes
# deployed into every account by one CloudFormation StackSet (an instance per
# account, with that account's external_id as a parameter override), then the
# role attached and validated per account.
#
# Run it in the account that administers the StackSet, with BUCKT_API_KEY set.
# The tested twin, against the local emulator, is examples/organization-emulator.
terraform {
  required_version = ">= 1.5"
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

# One provider instance for every account: its API client, retries and
# request-rate ceiling are shared by all of them.
provider "buckt" {}

variable "aws_account_ids" {
  description = "The 12-digit ids of the AWS accounts to connect to Buckt."
  type        = set(string)

  validation {
    condition     = alltrue([for id in var.aws_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "Every AWS account id must be 12 digits, such as \"111122223333\"; quote it so that leading zeros survive."
  }
}

variable "account_labels" {
  description = "Labels shown in Buckt, by AWS account id; an account without one is labelled with its id."
  type        = map(string)
  default     = {}
}

variable "buckt_principal_arn" {
  description = "Buckt's AWS principal, as the Buckt dashboard's CloudFormation template shows it."
  type        = string
}

variable "role_name" {
  description = "Name of the IAM role the StackSet creates in every account."
  type        = string
  default     = "BucktAccess"
}

variable "stack_set_administration_role_arn" {
  description = "The StackSet administration role of this account (AWSCloudFormationStackSetAdministrationRole)."
  type        = string
}

variable "stack_set_execution_role_name" {
  description = "The role CloudFormation assumes in every target account (AWSControlTowerExecution under Control Tower)."
  type        = string
  default     = "AWSCloudFormationStackSetExecutionRole"
}

data "aws_partition" "current" {}

# 1. Connect every account: Buckt generates each connection's external_id.
resource "buckt_aws_account" "this" {
  for_each = var.aws_account_ids

  label = lookup(var.account_labels, each.key, each.key)
}

# 2. The role's two policies, written by the provider. The StackSet's template
#    is the same in every account and only its ExternalId parameter differs, so
#    the documents are written once for a stand-in external id, which the
#    template below replaces with a reference to the parameter.
locals {
  stand_in_external_id = "ext_StackSetParameter"
}

data "buckt_aws_iam_policy" "template" {
  external_id   = local.stand_in_external_id
  principal_arn = var.buckt_principal_arn
}

# 3. One StackSet holds the role's template.
#
#    SELF_MANAGED, because each account needs its own instance with its own
#    ExternalId: an instance targets one account by account_id and reports its
#    stack_id. A SERVICE_MANAGED StackSet targets organizational units, and its
#    auto-deployment would create the role in new accounts before they have a
#    Buckt connection (with the stand-in external id, which trusts no one).
#    SELF_MANAGED needs the StackSet administration role here and the execution
#    role in every target account (Control Tower's AWSControlTowerExecution does).
resource "aws_cloudformation_stack_set" "buckt" {
  name                    = "BucktAccess"
  description             = "The IAM role Buckt assumes, one stack per connected account."
  permission_model        = "SELF_MANAGED"
  administration_role_arn = var.stack_set_administration_role_arn
  execution_role_name     = var.stack_set_execution_role_name
  capabilities            = ["CAPABILITY_NAMED_IAM"] # the role has a fixed name

  # Every instance overrides ExternalId; the StackSet's own value only has to
  # exist (the aws provider wants every template parameter set here).
  parameters = {
    ExternalId = local.stand_in_external_id
  }

  # Queue the instances' operations instead of failing them: each account is its
  # own instance, and Terraform creates several at once.
  managed_execution {
    active = true
  }

  template_body = jsonencode({
    AWSTemplateFormatVersion = "2010-09-09"
    Description              = "The IAM role Buckt assumes in this account."
    Parameters = {
      ExternalId = {
        Type           = "String"
        Description    = "The external_id of this account's Buckt connection."
        AllowedPattern = "^ext_[0-9A-Za-z]+$"
      }
    }
    Resources = {
      BucktRole = {
        Type = "AWS::IAM::Role"
        Properties = {
          RoleName = var.role_name
          AssumeRolePolicyDocument = jsondecode(replace(
            data.buckt_aws_iam_policy.template.assume_role_policy_json,
            jsonencode(local.stand_in_external_id),
            jsonencode({ Ref = "ExternalId" }),
          ))
          Policies = [{
            PolicyName     = "BucktS3Access"
            PolicyDocument = jsondecode(data.buckt_aws_iam_policy.template.permissions_policy_json)
          }]
        }
      }
    }
    Outputs = {
      RoleArn = { Value = { "Fn::GetAtt" = ["BucktRole", "Arn"] } }
    }
  })
}

# 4. One stack instance per account, trusting that account's connection. IAM
#    is global: one region per account is enough, and a second would collide on
#    the role's name.
resource "aws_cloudformation_stack_set_instance" "this" {
  for_each = var.aws_account_ids

  stack_set_name = aws_cloudformation_stack_set.buckt.name
  account_id     = each.key

  parameter_overrides = {
    ExternalId = buckt_aws_account.this[each.key].external_id
  }
}

# 5. Attach and validate each role. Validation is retried while IAM propagates
#    the new role, within `timeouts`: no time_sleep. No dependency cycle: the
#    connection comes first, the stack trusts its external_id, and the
#    attachment comes last. Referencing its own instance's stack_id orders each
#    attachment after that account's stack only; a depends_on on the whole
#    resource would make every account wait for the slowest stack.
resource "buckt_aws_account_role" "this" {
  for_each = var.aws_account_ids

  aws_account = buckt_aws_account.this[each.key].id
  role_arn    = "arn:${data.aws_partition.current.partition}:iam::${each.key}:role/${var.role_name}"
  stack_id    = aws_cloudformation_stack_set_instance.this[each.key].stack_id

  timeouts {
    create = "5m"
  }
}

output "status" {
  description = "Each account's connection status, by AWS account id: active once its role validated."
  value       = { for id, r in buckt_aws_account_role.this : id => r.status }
}

output "connection_ids" {
  description = "Each account's Buckt connection id (awa_...), by AWS account id."
  value       = { for id, a in buckt_aws_account.this : id => a.id }
}
