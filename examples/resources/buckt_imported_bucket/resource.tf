resource "buckt_aws_account" "production" {
  label    = "production"
  role_arn = "arn:aws:iam::111122223333:role/BucktAccess"
}

# Buckt manages the existing S3 bucket in place. Destroying this resource only
# releases it from Buckt: the S3 bucket and its data are never touched.
resource "buckt_imported_bucket" "marketing" {
  aws_account = buckt_aws_account.production.id
  bucket_name = "legacy-marketing"
}
