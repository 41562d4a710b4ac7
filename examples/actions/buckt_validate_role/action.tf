resource "buckt_aws_account" "prod" {
  label = "production"
}

resource "aws_iam_role" "buckt" {
  name = "BucktAccess"
  assume_role_policy = provider::buckt::assume_role_policy(
    "arn:aws:iam::999988887777:role/BucktService", # Buckt's principal, as the Buckt dashboard shows it
    buckt_aws_account.prod.external_id,
  )
}

resource "buckt_aws_account_role" "prod" {
  aws_account = buckt_aws_account.prod.id
  role_arn    = aws_iam_role.buckt.arn
  depends_on  = [aws_iam_role_policy.buckt]
}

# Validates the role again; by the awa_ id, or by the 12-digit AWS account id
# of a connection validated before, e.g. aws_account = "111122223333".
action "buckt_validate_role" "prod" {
  config {
    aws_account = buckt_aws_account.prod.id
    timeout     = "5m" # IAM can take a minute to propagate a policy change
  }
}

# Every change to the role's permissions (a bucket added to var.bucket_names)
# is validated right after it is applied: Buckt marks the connection failed,
# and the apply fails with AWS's message, if the new policy locks Buckt out.
resource "aws_iam_role_policy" "buckt" {
  name   = "BucktS3Access"
  role   = aws_iam_role.buckt.id
  policy = provider::buckt::permissions_policy(var.bucket_names, [])

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.buckt_validate_role.prod]
    }
  }
}

variable "bucket_names" {
  type    = list(string)
  default = ["legacy-marketing"]
}

# Or on demand, without changing anything:
#   terraform apply -invoke=action.buckt_validate_role.prod
