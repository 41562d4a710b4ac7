# Connect an account whose role is deployed later, by a CloudFormation stack or
# another configuration: it stays pending and exposes the external_id to trust.
resource "buckt_aws_account" "staging" {
  label = "staging"
}

output "staging_external_id" {
  value = buckt_aws_account.staging.external_id
}

# Connect an account through a role that already trusts Buckt. Validation is
# retried while IAM propagates a new role, for up to the create timeout.
resource "buckt_aws_account" "production" {
  label    = "production"
  role_arn = "arn:aws:iam::111122223333:role/BucktAccess"
  stack_id = "arn:aws:cloudformation:us-east-1:111122223333:stack/Buckt/0a1b2c3d"

  timeouts {
    create = "5m"
  }
}
