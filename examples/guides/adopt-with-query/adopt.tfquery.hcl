# Every connection of the organization, each with its role attachment and its
# imported buckets. include_resource fills in each object's attributes, which
# -generate-config-out writes as configuration.
list "buckt_aws_account" "all" {
  provider         = buckt
  include_resource = true
  limit            = 1000
}

list "buckt_aws_account_role" "all" {
  provider         = buckt
  include_resource = true
  limit            = 1000
}

list "buckt_imported_bucket" "all" {
  provider         = buckt
  include_resource = true
  limit            = 10000
}
