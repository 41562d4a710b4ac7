# Terraform 1.5+: adopt a bucket imported into Buckt by hand.
import {
  to = buckt_imported_bucket.marketing
  id = "111122223333/legacy-marketing" # or "awa_.../legacy-marketing", or "bkt_..."
}
