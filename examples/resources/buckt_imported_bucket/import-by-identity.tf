# Terraform 1.12+ and OpenTofu 1.12+: the identity is the bucket's Buckt id.
# Knowing only the bucket's name, use `id = "111122223333/legacy-marketing"`.
import {
  to = buckt_imported_bucket.marketing
  identity = {
    id = "bkt_01H8XYZABCDEFGHJKMNPQRSTVW"
  }
}
