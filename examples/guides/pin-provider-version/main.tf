# Pin the provider to its release line. "~> 0.1" allows 0.1.0 and every later
# 0.x release (>= 0.1.0, < 1.0.0); `terraform init -upgrade` (or
# `tofu init -upgrade`) moves to the newest of them and records it in
# .terraform.lock.hcl. Commit the lock file: every run then uses that version
# until the next deliberate upgrade.
#
# To hold a workspace on one release, pin it exactly: version = "= 0.1.0".
terraform {
  required_version = ">= 1.5.7"
  required_providers {
    buckt = {
      source  = "buckt/buckt"
      version = "~> 0.1"
    }
  }
}

provider "buckt" {}
