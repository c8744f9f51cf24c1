terraform {
  required_providers {
    aws = {
      version = "5.100.0"
      source  = "aws"
    }
  }
  backend "s3" {
    bucket       = "platform-tfstate-staging-eu-west-1"
    key          = "staging/state.tfstate"
    encrypt      = true
    region       = "eu-west-1"
    use_lockfile = true
  }

  required_version = ">= 1.10"
}

provider "aws" {
  allowed_account_ids = [
    "222222222222"
  ]
  region = "eu-west-1"
  default_tags {
    tags = {
      Project     = "platform"
      Environment = "staging"
      Suffix      = "staging"
      Component   = "state"
      ManagedBy   = "cdktf"
      CostCenter  = "platform-staging"
    }
  }
}
resource "aws_s3_bucket" "bucket_3056591E" {
  bucket        = "platform-tfstate-staging-eu-west-1"
  force_destroy = false
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket_public_access_block" "bucket_public-access_A08E6AE8" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = aws_s3_bucket.bucket_3056591E.id
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "bucket_ownership_D84360D7" {
  bucket = aws_s3_bucket.bucket_3056591E.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "bucket_encryption_64AB656F" {
  bucket = aws_s3_bucket.bucket_3056591E.id
  rule {
    bucket_key_enabled = false
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
resource "aws_s3_bucket_versioning" "bucket_versioning_FFA4302A" {
  bucket = aws_s3_bucket.bucket_3056591E.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "bucket_lifecycle_EFF6DB2A" {
  bucket = aws_s3_bucket.bucket_3056591E.id
  rule {
    id     = "housekeeping"
    status = "Enabled"
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
    filter {
      prefix = ""
    }
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.bucket_versioning_FFA4302A",
  ]
}
data "aws_iam_policy_document" "bucket_policy-document_99C59DBA" {
  statement {
    actions = [
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "${aws_s3_bucket.bucket_3056591E.arn}",
      "${aws_s3_bucket.bucket_3056591E.arn}/*"
    ]
    sid = "DenyInsecureTransport"
    condition {
      test = "Bool"
      values = [
        "false"
      ]
      variable = "aws:SecureTransport"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
}
resource "aws_s3_bucket_policy" "bucket_policy_C7AF4A7D" {
  bucket = aws_s3_bucket.bucket_3056591E.id
  policy = data.aws_iam_policy_document.bucket_policy-document_99C59DBA.json
  depends_on = [
    "aws_s3_bucket_public_access_block.bucket_public-access_A08E6AE8",
  ]
}

output "state_bucket" {
  value = aws_s3_bucket.bucket_3056591E.bucket
}