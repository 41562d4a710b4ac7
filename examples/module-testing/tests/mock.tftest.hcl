# Unit tests of the module with a mocked provider: no Buckt, no credentials,
# no network. Needs Terraform >= 1.7. Mocked resources get random strings for
# their computed attributes, which this provider's validators reject where one
# resource references another (buckt_imported_bucket.aws_account must be an
# awa_ id, buckt_aws_iam_policy.external_id an ext_ id), so the defaults below
# give every id the form Buckt returns.
mock_provider "buckt" {
  mock_resource "buckt_aws_account" {
    defaults = {
      id                = "awa_01MOCK0000000000000000000A"
      external_id       = "ext_mock0000000000001"
      status            = "pending"
      aws_account_id    = null
      last_validated_at = null
      created_at        = "2026-01-01T00:00:00Z"
      updated_at        = "2026-01-01T00:00:00Z"
    }
  }

  mock_resource "buckt_aws_account_role" {
    defaults = {
      id                = "awa_01MOCK0000000000000000000A"
      aws_account_id    = "111122223333"
      status            = "active"
      last_validated_at = "2026-01-01T00:00:00Z"
    }
  }

  mock_resource "buckt_imported_bucket" {
    defaults = {
      id         = "bkt_01MOCK0000000000000000000B"
      created_at = "2026-01-01T00:00:00Z"
    }
  }

  mock_data "buckt_aws_iam_policy" {
    defaults = {
      assume_role_policy_json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
      permissions_policy_json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  label               = "analytics"
  buckt_principal_arn = "arn:aws:iam::999988887777:role/BucktService"
}

# Mocks compute values at apply, so the runs apply (into the test's own state).
run "connection_without_role" {
  command = apply

  assert {
    condition     = startswith(output.connection_id, "awa_")
    error_message = "connection_id should be a Buckt connection id (awa_...)."
  }

  assert {
    condition     = startswith(output.external_id, "ext_")
    error_message = "external_id should be a Buckt external id (ext_...)."
  }

  assert {
    condition     = length(buckt_aws_account_role.this) == 0
    error_message = "Without role_arn the module must not attach a role."
  }

  assert {
    condition     = output.status == "pending" && output.bucket_ids == {}
    error_message = "Without a role the connection stays pending and imports nothing."
  }
}

run "role_and_buckets" {
  command = apply

  variables {
    role_arn     = "arn:aws:iam::111122223333:role/BucktAccess"
    bucket_names = ["legacy-marketing", "logs-eu"]
  }

  assert {
    condition     = length(buckt_aws_account_role.this) == 1 && output.status == "active"
    error_message = "With role_arn the module attaches the role, whose status is the connection's."
  }

  assert {
    condition     = buckt_aws_account_role.this[0].aws_account == output.connection_id
    error_message = "The role must be attached to the module's connection."
  }

  assert {
    condition     = sort(keys(output.bucket_ids)) == sort(["legacy-marketing", "logs-eu"])
    error_message = "bucket_ids should have one entry per bucket name."
  }

  assert {
    condition     = alltrue([for id in values(output.bucket_ids) : startswith(id, "bkt_")])
    error_message = "Every bucket id should be a Buckt bucket id (bkt_...)."
  }

  assert {
    condition     = alltrue([for bucket in buckt_imported_bucket.this : bucket.aws_account == output.connection_id])
    error_message = "Every bucket must be imported through the module's connection."
  }
}
