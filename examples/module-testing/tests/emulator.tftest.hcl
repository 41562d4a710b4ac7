# Integration test of the module with the real provider against a Buckt API:
# the local emulator (`make emulator`), or a test organization of Buckt. Set
# BUCKT_ENDPOINT and BUCKT_API_KEY. A connection without a role or buckets
# needs nothing on the AWS side. `terraform test` destroys what it created.
variables {
  label               = "module-test"
  buckt_principal_arn = "arn:aws:iam::999988887777:role/BucktService"
}

run "pending_connection" {
  command = apply

  assert {
    condition     = output.status == "pending"
    error_message = "A connection without a role should be pending."
  }

  assert {
    condition     = can(regex("^awa_[0-9A-Za-z]+$", output.connection_id))
    error_message = "connection_id should be a Buckt connection id (awa_...)."
  }

  assert {
    condition     = can(regex("^ext_[0-9A-Za-z]+$", output.external_id))
    error_message = "external_id should be a Buckt external id (ext_...)."
  }

  assert {
    condition     = jsondecode(output.assume_role_policy_json).Statement[0].Condition.StringEquals["sts:ExternalId"] == output.external_id
    error_message = "The trust policy should require the connection's external id."
  }

  assert {
    condition     = length(buckt_aws_account_role.this) == 0 && output.bucket_ids == {}
    error_message = "Without a role the module attaches nothing and imports nothing."
  }
}
