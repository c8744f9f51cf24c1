terraform {
  required_providers {
    aws = {
      version = "5.100.0"
      source  = "aws"
    }
  }
  backend "s3" {
    bucket     = "platform-tfstate-local"
    key        = "local/edge.tfstate"
    access_key = "test"
    encrypt    = true
    endpoints = {
      dynamodb = "https://127.0.0.1:4566"
      iam      = "https://127.0.0.1:4566"
      s3       = "https://127.0.0.1:4566"
      sts      = "https://127.0.0.1:4566"
    }
    insecure                    = true
    region                      = "us-east-1"
    secret_key                  = "test"
    skip_credentials_validation = true
    skip_metadata_api_check     = true
    skip_region_validation      = true
    skip_requesting_account_id  = true
    use_path_style              = true
    use_lockfile                = true
  }

  required_version = ">= 1.10"
}

provider "aws" {
  access_key = "test"
  allowed_account_ids = [
    "123456789012"
  ]
  insecure                    = true
  region                      = "us-east-1"
  s3_use_path_style           = true
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = "true"
  skip_region_validation      = true
  skip_requesting_account_id  = false
  default_tags {
    tags = {
      Project     = "platform"
      Environment = "local"
      Suffix      = "local"
      Component   = "edge"
      ManagedBy   = "cdktf"
    }
  }
  endpoints {
    acm                    = "https://127.0.0.1:4566"
    applicationautoscaling = "https://127.0.0.1:4566"
    cloudfront             = "https://127.0.0.1:4566"
    cloudwatch             = "https://127.0.0.1:4566"
    dynamodb               = "https://127.0.0.1:4566"
    ec2                    = "https://127.0.0.1:4566"
    ecs                    = "https://127.0.0.1:4566"
    elbv2                  = "https://127.0.0.1:4566"
    events                 = "https://127.0.0.1:4566"
    iam                    = "https://127.0.0.1:4566"
    kms                    = "https://127.0.0.1:4566"
    logs                   = "https://127.0.0.1:4566"
    rds                    = "https://127.0.0.1:4566"
    route53                = "https://127.0.0.1:4566"
    s3                     = "https://127.0.0.1:4566"
    scheduler              = "https://127.0.0.1:4566"
    secretsmanager         = "https://127.0.0.1:4566"
    sns                    = "https://127.0.0.1:4566"
    sqs                    = "https://127.0.0.1:4566"
    sts                    = "https://127.0.0.1:4566"
    wafv2                  = "https://127.0.0.1:4566"
  }
}
data "aws_caller_identity" "aws-context_account_8AB0A92B" {
}
data "aws_partition" "aws-context_partition_9ECE3875" {
}
data "aws_region" "aws-context_region_DEC3537F" {
}
data "aws_iam_policy_document" "edge-key_policy_05322A22" {
  statement {
    actions = [
      "kms:*"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "AccountAdministers"
    principals {
      identifiers = [
        "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:iam::${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:cloudfront::${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:distribution/*"
      ]
      variable = "AWS:SourceArn"
    }
    principals {
      identifiers = [
        "cloudfront.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:logs:${data.aws_region.aws-context_region_DEC3537F.name}:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:log-group:*"
      ]
      variable = "kms:EncryptionContext:aws:logs:arn"
    }
    principals {
      identifiers = [
        "logs.${data.aws_region.aws-context_region_DEC3537F.name}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey*"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:cloudwatch:${data.aws_region.aws-context_region_DEC3537F.name}:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:alarm:platform-edge-*-local"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "cloudwatch.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_kms_key" "edge-key_6142EB35" {
  deletion_window_in_days = 7
  description             = "Static site objects, WAF logs and the edge alarm topic"
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.edge-key_policy_05322A22.json
}
resource "aws_kms_alias" "edge-key_alias_01EB287F" {
  name          = "alias/platform-edge-local"
  target_key_id = aws_kms_key.edge-key_6142EB35.key_id
}
resource "aws_s3_bucket" "site_bucket_DFA168EB" {
  bucket        = "platform-site-local-${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}"
  force_destroy = true
}
resource "aws_s3_bucket_public_access_block" "site_bucket_public-access_A5EA69EE" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = aws_s3_bucket.site_bucket_DFA168EB.id
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "site_bucket_ownership_8B2B4F9B" {
  bucket = aws_s3_bucket.site_bucket_DFA168EB.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "site_bucket_encryption_934EB5FD" {
  bucket = aws_s3_bucket.site_bucket_DFA168EB.id
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      kms_master_key_id = aws_kms_key.edge-key_6142EB35.arn
      sse_algorithm     = "aws:kms"
    }
  }
}
resource "aws_s3_bucket_versioning" "site_bucket_versioning_1CD0B852" {
  bucket = aws_s3_bucket.site_bucket_DFA168EB.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "site_bucket_lifecycle_272A5553" {
  bucket = aws_s3_bucket.site_bucket_DFA168EB.id
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
    "aws_s3_bucket_versioning.site_bucket_versioning_1CD0B852",
  ]
}
data "aws_iam_policy_document" "site_bucket_policy-document_7AD51E1C" {
  statement {
    actions = [
      "s3:GetObject"
    ]
    effect = "Allow"
    resources = [
      "${aws_s3_bucket.site_bucket_DFA168EB.arn}/*"
    ]
    sid = "CloudFrontReadsThroughOac"
    condition {
      test = "StringEquals"
      values = [
        "${aws_cloudfront_distribution.cdn_distribution_0B80AA6B.arn}"
      ]
      variable = "AWS:SourceArn"
    }
    principals {
      identifiers = [
        "cloudfront.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
resource "aws_s3_bucket_policy" "site_bucket_policy_C994D2B7" {
  bucket = aws_s3_bucket.site_bucket_DFA168EB.id
  policy = data.aws_iam_policy_document.site_bucket_policy-document_7AD51E1C.json
  depends_on = [
    "aws_s3_bucket_public_access_block.site_bucket_public-access_A5EA69EE",
  ]
}
resource "aws_acm_certificate" "certificate_3C59EBE5" {
  domain_name   = "local.platform.test"
  key_algorithm = "RSA_2048"
  tags = {
    Name = "local.platform.test"
  }
  validation_method = "DNS"
  lifecycle {
    create_before_destroy = true
  }
}
resource "aws_route53_record" "certificate_validation-record_33B98EBC" {
  allow_overwrite = true
  name            = each.value.resource_record_name
  records = [
    "${each.value.resource_record_value}"
  ]
  ttl      = 300
  type     = each.value.resource_record_type
  zone_id  = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_route53_zonedns_zone_2E2729FBzone_id
  for_each = { for option in aws_acm_certificate.certificate_3C59EBE5.domain_validation_options : option.domain_name => option }
}
resource "aws_acm_certificate_validation" "certificate_validation_5EC41E25" {
  certificate_arn         = aws_acm_certificate.certificate_3C59EBE5.arn
  validation_record_fqdns = [for key, val in aws_route53_record.certificate_validation-record_33B98EBC : val.fqdn]
}
resource "aws_cloudfront_origin_access_control" "cdn_oac_4AA56697" {
  description                       = "Signed requests to the static-site bucket"
  name                              = "platform-edge-cdn-local"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}
resource "aws_cloudfront_distribution" "cdn_distribution_0B80AA6B" {
  aliases = [
    "local.platform.test"
  ]
  comment             = "platform-edge-cdn-local"
  default_root_object = "index.html"
  enabled             = true
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  price_class         = "PriceClass_100"
  custom_error_response {
    error_caching_min_ttl = 10
    error_code            = 403
    response_code         = 404
    response_page_path    = "/error.html"
  }
  custom_error_response {
    error_caching_min_ttl = 10
    error_code            = 404
    response_code         = 404
    response_page_path    = "/error.html"
  }
  default_cache_behavior {
    allowed_methods = [
      "GET",
      "HEAD",
      "OPTIONS"
    ]
    cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    cached_methods = [
      "GET",
      "HEAD"
    ]
    compress                   = true
    response_headers_policy_id = "67f7725c-6f97-4210-82d7-5512b31e9d03"
    target_origin_id           = "site"
    viewer_protocol_policy     = "redirect-to-https"
  }
  ordered_cache_behavior {
    allowed_methods = [
      "DELETE",
      "GET",
      "HEAD",
      "OPTIONS",
      "PATCH",
      "POST",
      "PUT"
    ]
    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    cached_methods = [
      "GET",
      "HEAD"
    ]
    compress                   = true
    origin_request_policy_id   = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
    path_pattern               = "/api/*"
    response_headers_policy_id = "67f7725c-6f97-4210-82d7-5512b31e9d03"
    target_origin_id           = "api"
    viewer_protocol_policy     = "redirect-to-https"
  }
  origin {
    domain_name              = aws_s3_bucket.site_bucket_DFA168EB.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.cdn_oac_4AA56697.id
    origin_id                = "site"
  }
  origin {
    domain_name = data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_route53_recordorigin-afqdn
    origin_id   = "api"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols = [
        "TLSv1.2"
      ]
    }
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate_validation.certificate_validation_5EC41E25.certificate_arn
    minimum_protocol_version = "TLSv1.2_2021"
    ssl_support_method       = "sni-only"
  }
  lifecycle {
    ignore_changes = [
      "default_cache_behavior",
      "ordered_cache_behavior",
      "origin",
      "viewer_certificate",
    ]
  }
}
resource "aws_route53_record" "site-a" {
  name    = "local.platform.test"
  type    = "A"
  zone_id = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_route53_zonedns_zone_2E2729FBzone_id
  alias {
    evaluate_target_health = false
    name                   = aws_cloudfront_distribution.cdn_distribution_0B80AA6B.domain_name
    zone_id                = aws_cloudfront_distribution.cdn_distribution_0B80AA6B.hosted_zone_id
  }
}
resource "aws_route53_record" "site-aaaa" {
  name    = "local.platform.test"
  type    = "AAAA"
  zone_id = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_route53_zonedns_zone_2E2729FBzone_id
  alias {
    evaluate_target_health = false
    name                   = aws_cloudfront_distribution.cdn_distribution_0B80AA6B.domain_name
    zone_id                = aws_cloudfront_distribution.cdn_distribution_0B80AA6B.hosted_zone_id
  }
}
resource "aws_sns_topic" "alarm-topic_D89A1C02" {
  kms_master_key_id = aws_kms_key.edge-key_6142EB35.arn
  name              = "platform-edge-alarms-local"
}
data "aws_iam_policy_document" "alarm-topic_policy-document_7E13CDA7" {
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Deny"
    resources = [
      "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
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
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Allow"
    resources = [
      "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
    ]
    sid = "CloudWatchAlarmsPublish"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:cloudwatch:${data.aws_region.aws-context_region_DEC3537F.name}:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:alarm:platform-edge-*-local"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "cloudwatch.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_sns_topic_policy" "alarm-topic_policy_BF9A07B7" {
  arn    = aws_sns_topic.alarm-topic_D89A1C02.arn
  policy = data.aws_iam_policy_document.alarm-topic_policy-document_7E13CDA7.json
}
resource "aws_cloudwatch_metric_alarm" "cloudfront-5xx_alarm_98F6B98F" {
  alarm_actions = [
    "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
  ]
  alarm_description   = "More than 5.0% of CloudFront responses are 5xx"
  alarm_name          = "platform-edge-cdn-5xx-rate-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 2
  dimensions = {
    DistributionId = "${aws_cloudfront_distribution.cdn_distribution_0B80AA6B.id}"
    Region         = "Global"
  }
  evaluation_periods = 2
  metric_name        = "5xxErrorRate"
  namespace          = "AWS/CloudFront"
  ok_actions = [
    "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
  ]
  period             = 300
  statistic          = "Average"
  threshold          = 5
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_dashboard" "dashboard_9E73CAB7" {
  dashboard_body = jsonencode({ "widgets" = [{ "type" = "text", "width" = 24, "height" = 1, "properties" = { "markdown" = "## CloudFront" } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "Requests", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/CloudFront", "Requests", "DistributionId", aws_cloudfront_distribution.cdn_distribution_0B80AA6B.id, "Region", "Global", { "stat" = "Sum" }]] } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "Error rates (%)", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/CloudFront", "4xxErrorRate", "DistributionId", aws_cloudfront_distribution.cdn_distribution_0B80AA6B.id, "Region", "Global", { "stat" = "Average" }], ["AWS/CloudFront", "5xxErrorRate", "DistributionId", aws_cloudfront_distribution.cdn_distribution_0B80AA6B.id, "Region", "Global", { "stat" = "Average" }]] } }, { "type" = "text", "width" = 24, "height" = 1, "properties" = { "markdown" = "## Load balancer" } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "Requests", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/ApplicationELB", "RequestCount", "LoadBalancer", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_lbalb_88D76693arn_suffix, { "stat" = "Sum" }]] } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "5xx", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_lbalb_88D76693arn_suffix, { "stat" = "Sum" }], ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_lbalb_88D76693arn_suffix, { "stat" = "Sum" }]] } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "Response time (s)", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_lbalb_88D76693arn_suffix, { "stat" = "p99" }]] } }, { "type" = "text", "width" = 24, "height" = 1, "properties" = { "markdown" = "## Service api" } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "CPU and memory (%)", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/ECS", "CPUUtilization", "ClusterName", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_ecs_clustercluster_A4C38409name, "ServiceName", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_ecs_serviceapp_service_BCE5FF06name, { "stat" = "Average" }], ["AWS/ECS", "MemoryUtilization", "ClusterName", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_ecs_clustercluster_A4C38409name, "ServiceName", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_ecs_serviceapp_service_BCE5FF06name, { "stat" = "Average" }]] } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "Targets", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/ApplicationELB", "HealthyHostCount", "LoadBalancer", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_lbalb_88D76693arn_suffix, "TargetGroup", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_lb_target_groupalb_targets_7CB452DAarn_suffix, { "stat" = "Minimum" }], ["AWS/ApplicationELB", "UnHealthyHostCount", "LoadBalancer", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_lbalb_88D76693arn_suffix, "TargetGroup", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_lb_target_groupalb_targets_7CB452DAarn_suffix, { "stat" = "Maximum" }]] } }, { "type" = "text", "width" = 24, "height" = 1, "properties" = { "markdown" = "## Service order-worker" } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "CPU and memory (%)", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/ECS", "CPUUtilization", "ClusterName", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_ecs_clustercluster_A4C38409name, "ServiceName", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_ecs_serviceorder-worker_service_FBBD8D76name, { "stat" = "Average" }], ["AWS/ECS", "MemoryUtilization", "ClusterName", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_ecs_clustercluster_A4C38409name, "ServiceName", data.terraform_remote_state.cross-stack-reference-input-service-local.outputs.cross-stack-output-aws_ecs_serviceorder-worker_service_FBBD8D76name, { "stat" = "Average" }]] } }, { "type" = "text", "width" = 24, "height" = 1, "properties" = { "markdown" = "## Queues" } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "platform-order-processing-local", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "platform-order-processing-local", { "stat" = "Maximum" }], ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "platform-order-processing-local", { "stat" = "Maximum" }], ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "platform-order-processing-dlq-local", { "stat" = "Maximum" }]] } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "platform-notifications-local", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "platform-notifications-local", { "stat" = "Maximum" }], ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "platform-notifications-local", { "stat" = "Maximum" }], ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "platform-notifications-dlq-local", { "stat" = "Maximum" }]] } }, { "type" = "text", "width" = 24, "height" = 1, "properties" = { "markdown" = "## Aurora" } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "CPU (%)", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/RDS", "CPUUtilization", "DBClusterIdentifier", "platform-db-local", { "stat" = "Maximum" }]] } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "Connections", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", "platform-db-local", { "stat" = "Maximum" }]] } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "ACUUtilization", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/RDS", "ACUUtilization", "DBClusterIdentifier", "platform-db-local", { "stat" = "Average" }]] } }, { "type" = "text", "width" = 24, "height" = 1, "properties" = { "markdown" = "## DynamoDB" } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "platform-catalog-local", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", "platform-catalog-local", { "stat" = "Sum" }], ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", "platform-catalog-local", { "stat" = "Sum" }], ["AWS/DynamoDB", "ThrottledRequests", "TableName", "platform-catalog-local", { "stat" = "Sum" }]] } }, { "type" = "metric", "width" = 8, "height" = 6, "properties" = { "title" = "platform-orders-local", "region" = "us-east-1", "view" = "timeSeries", "period" = 60, "metrics" = [["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", "platform-orders-local", { "stat" = "Sum" }], ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", "platform-orders-local", { "stat" = "Sum" }], ["AWS/DynamoDB", "ThrottledRequests", "TableName", "platform-orders-local", { "stat" = "Sum" }]] } }] })
  dashboard_name = "platform-dashboard-local"
}

output "dashboard_url" {
  value       = "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/platform-dashboard-local"
  description = "The environment's CloudWatch dashboard"
}

output "cloudfront_domain_name" {
  value       = aws_cloudfront_distribution.cdn_distribution_0B80AA6B.domain_name
  description = "Open https://<this>/ for the site and /api/ for the service"
}

output "cloudfront_distribution_id" {
  value = aws_cloudfront_distribution.cdn_distribution_0B80AA6B.id
}

output "url" {
  value       = "https://local.platform.test/"
  description = "The environment's address"
}

output "site_bucket" {
  value = aws_s3_bucket.site_bucket_DFA168EB.bucket
}
data "terraform_remote_state" "cross-stack-reference-input-network-local" {
  backend   = "s3"
  workspace = terraform.workspace
  config = {
    bucket     = "platform-tfstate-local"
    key        = "local/network.tfstate"
    access_key = "test"
    encrypt    = true
    endpoints = {
      dynamodb = "https://127.0.0.1:4566"
      iam      = "https://127.0.0.1:4566"
      s3       = "https://127.0.0.1:4566"
      sts      = "https://127.0.0.1:4566"
    }
    insecure                    = true
    region                      = "us-east-1"
    secret_key                  = "test"
    skip_credentials_validation = true
    skip_metadata_api_check     = true
    skip_region_validation      = true
    skip_requesting_account_id  = true
    use_path_style              = true
  }
}
data "terraform_remote_state" "cross-stack-reference-input-service-local" {
  backend   = "s3"
  workspace = terraform.workspace
  config = {
    bucket     = "platform-tfstate-local"
    key        = "local/service.tfstate"
    access_key = "test"
    encrypt    = true
    endpoints = {
      dynamodb = "https://127.0.0.1:4566"
      iam      = "https://127.0.0.1:4566"
      s3       = "https://127.0.0.1:4566"
      sts      = "https://127.0.0.1:4566"
    }
    insecure                    = true
    region                      = "us-east-1"
    secret_key                  = "test"
    skip_credentials_validation = true
    skip_metadata_api_check     = true
    skip_region_validation      = true
    skip_requesting_account_id  = true
    use_path_style              = true
  }
}