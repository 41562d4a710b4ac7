# By the Buckt bucket id:
terraform import buckt_imported_bucket.marketing bkt_01H8XYZABCDEFGHJKMNPQRSTVW

# Or by <connection>/<bucket name>, where the connection is its awa_ id or the
# 12-digit AWS account id:
terraform import buckt_imported_bucket.marketing 111122223333/legacy-marketing
