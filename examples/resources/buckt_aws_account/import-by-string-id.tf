# Terraform 1.5+: adopt a connection made by hand, then
# `terraform plan -generate-config-out=generated.tf` writes its configuration.
import {
  to = buckt_aws_account.production
  id = "111122223333" # or "awa_01H8XYZABCDEFGHJKMNPQRSTVW"
}
