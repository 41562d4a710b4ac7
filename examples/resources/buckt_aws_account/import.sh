# By the Buckt connection id:
terraform import buckt_aws_account.production awa_01H8XYZABCDEFGHJKMNPQRSTVW

# Or by the 12-digit AWS account id of a validated connection:
terraform import buckt_aws_account.production 111122223333
