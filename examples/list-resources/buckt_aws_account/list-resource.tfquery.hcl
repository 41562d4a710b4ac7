# Terraform >= 1.14: `terraform query` lists the connections of the
# organisation; `terraform query -generate-config-out=generated.tf` writes a
# resource and an import block for each, to adopt them.
list "buckt_aws_account" "production" {
  provider = buckt

  # With the resource objects, for -generate-config-out. The role is left to
  # list "buckt_aws_account_role": generated together, one resource owns it.
  include_resource = true

  config {
    status       = "active"      # or "pending", "failed"
    label_prefix = "production-" # optional
    # aws_account_id = "111122223333"
  }
}
