# By the Buckt id of the connection:
data "buckt_aws_account" "production" {
  id = "awa_01H8XYZABCDEFGHJKMNPQRSTVW"
}

# Or by the 12-digit AWS account id of a validated connection. Either way `id`
# reads back as the awa_ id, known at plan time: a safe key for for_each over
# bucket data sources, even while the connection's resource has changes pending.
data "buckt_aws_account" "staging" {
  id = "444455556666"
}

output "production_status" {
  value = data.buckt_aws_account.production.status
}
