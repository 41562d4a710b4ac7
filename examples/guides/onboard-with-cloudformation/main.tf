# Onboard an AWS account to Buckt in one `terraform apply`, with the IAM role
# Buckt assumes deployed by a CloudFormation stack: connect the account, deploy
# the stack trusting the connection's external_id, attach and validate the role
# the stack created, and import buckets.
# Run it with credentials for the AWS account and BUCKT_API_KEY set.
terraform {
  required_version = ">= 1.8" # provider functions
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

# 2. The role's two policies, written for you by provider functions (Terraform
#    1.8+), as in examples/onboarding.
locals {
  trust_policy       = provider::buckt::assume_role_policy(var.buckt_principal_arn, buckt_aws_account.this.external_id)
  permissions_policy = provider::buckt::permissions_policy(sort(tolist(var.bucket_names)), [])
}

# 3. A stack that creates the role from those documents and outputs its ARN.
#    The role has a fixed name, hence CAPABILITY_NAMED_IAM.
resource "aws_cloudformation_stack" "buckt" {
  name         = "BucktAccess"
  capabilities = ["CAPABILITY_NAMED_IAM"]

  template_body = jsonencode({
    AWSTemplateFormatVersion = "2010-09-09"
    Description              = "The IAM role Buckt assumes in this account."
    Resources = {
      BucktRole = {
        Type = "AWS::IAM::Role"
        Properties = {
          RoleName                 = "BucktAccess"
          AssumeRolePolicyDocument = jsondecode(local.trust_policy)
          Policies = [{
            PolicyName     = "BucktS3Access"
            PolicyDocument = jsondecode(local.permissions_policy)
          }]
        }
      }
    }
    Outputs = {
      RoleArn = { Value = { "Fn::GetAtt" = ["BucktRole", "Arn"] } }
    }
  })
}

# 4. Attach and validate the role the stack created, and record the stack on
#    the connection. The stack's outputs exist once the stack is complete, so
#    the attachment waits for it; validation is then retried while IAM
#    propagates the new role.
resource "buckt_aws_account_role" "this" {
  aws_account = buckt_aws_account.this.id
  role_arn    = aws_cloudformation_stack.buckt.outputs["RoleArn"]
  stack_id    = aws_cloudformation_stack.buckt.id

  timeouts {
    create = "5m"
  }
}

# 5. Import the buckets. Referencing the attachment's aws_account orders the
#    imports after validation.
resource "buckt_imported_bucket" "this" {
  for_each = var.bucket_names

  aws_account = buckt_aws_account_role.this.aws_account
  bucket_name = each.value
}

output "stack_id" {
  value = aws_cloudformation_stack.buckt.id
}

output "role_arn" {
  value = aws_cloudformation_stack.buckt.outputs["RoleArn"]
}
