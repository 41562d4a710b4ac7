# Terraform 1.12+ and OpenTofu 1.12+: the identity is the Buckt id, which
# `terraform query` lists (see the buckt_aws_account list resource). Knowing only
# the 12-digit AWS account id, use `id = "111122223333"` instead.
import {
  to = buckt_aws_account.production
  identity = {
    id = "awa_01H8XYZABCDEFGHJKMNPQRSTVW"
  }
}
