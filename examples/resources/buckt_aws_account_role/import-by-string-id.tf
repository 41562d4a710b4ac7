import {
  to = buckt_aws_account_role.production
  id = "awa_01H8XYZABCDEFGHJKMNPQRSTVW" # or "111122223333"
}
