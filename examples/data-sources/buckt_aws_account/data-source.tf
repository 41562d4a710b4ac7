data "buckt_aws_account" "production" {
  id = "awa_01H8XYZABCDEFGHJKMNPQRSTVW"
}

output "production_status" {
  value = data.buckt_aws_account.production.status
}
