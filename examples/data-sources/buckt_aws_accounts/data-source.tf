data "buckt_aws_accounts" "all" {}

# Connections whose role needs attention.
output "not_active" {
  value = [for a in data.buckt_aws_accounts.all.aws_accounts : a.id if a.status != "active"]
}
