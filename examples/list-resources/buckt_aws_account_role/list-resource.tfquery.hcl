# Terraform >= 1.14: the connections that have an IAM role attached, as
# buckt_aws_account_role attachments. Query them together with
# list "buckt_aws_account" to adopt connections and their roles: the generated
# role_arn is set on the attachment only.
list "buckt_aws_account_role" "production" {
  provider         = buckt
  include_resource = true

  config {
    aws_account_id = "111122223333" # optional
  }
}
