# Terraform >= 1.14: the buckets imported into Buckt through one connection
# (or, without aws_account, of the whole organisation). Terraform returns 100
# results by default: raise limit to list more.
list "buckt_imported_bucket" "production_logs" {
  provider         = buckt
  include_resource = true
  limit            = 1000

  config {
    aws_account = "111122223333" # or the connection's awa_ id
    name_prefix = "logs-"        # optional
  }
}
