# Terraform 1.12+ and OpenTofu 1.12+: the identity is the connection's Buckt id.
import {
  to = buckt_aws_account_role.production
  identity = {
    aws_account = "awa_01H8XYZABCDEFGHJKMNPQRSTVW"
  }
}
