# By the Buckt connection id, or the 12-digit AWS account id of a validated connection:
terraform import buckt_aws_account_role.production awa_01H8XYZABCDEFGHJKMNPQRSTVW
terraform import buckt_aws_account_role.production 111122223333
