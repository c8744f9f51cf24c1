terraform {
  required_providers {
    aws = {
      version = "5.100.0"
      source  = "aws"
    }
  }
  backend "s3" {
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
      Component   = "service"
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
data "aws_iam_policy_document" "service-key_policy_DF7D8220" {
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
}
resource "aws_kms_key" "service-key_3CD82A16" {
  deletion_window_in_days = 7
  description             = "ECS Exec sessions"
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.service-key_policy_DF7D8220.json
}
resource "aws_kms_alias" "service-key_alias_D8E9ADF5" {
  name          = "alias/platform-service-local"
  target_key_id = aws_kms_key.service-key_3CD82A16.key_id
}
data "aws_caller_identity" "aws-context_account_8AB0A92B" {
}
data "aws_partition" "aws-context_partition_9ECE3875" {
}
data "aws_region" "aws-context_region_DEC3537F" {
}
resource "aws_cloudwatch_log_group" "cluster_exec-logs_group_D3974D9D" {
  kms_key_id        = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_kms_keylogs-key_44F95A88arn
  name              = "platform-ecs-exec-local"
  retention_in_days = 365
}
resource "aws_ecs_cluster" "cluster_A4C38409" {
  name = "platform-cluster-local"
  configuration {
    execute_command_configuration {
      kms_key_id = aws_kms_key.service-key_3CD82A16.arn
      logging    = "OVERRIDE"
      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.cluster_exec-logs_group_D3974D9D.name
      }
    }
  }
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}
resource "aws_ecs_cluster_capacity_providers" "cluster_capacity_BDCA409E" {
  capacity_providers = [
    "FARGATE",
    "FARGATE_SPOT"
  ]
  cluster_name = aws_ecs_cluster.cluster_A4C38409.name
  default_capacity_provider_strategy {
    base              = 0
    capacity_provider = "FARGATE_SPOT"
    weight            = 1
  }
}
resource "aws_acm_certificate" "origin-certificate_29E5D6E9" {
  domain_name   = "origin.local.platform.test"
  key_algorithm = "RSA_2048"
  tags = {
    Name = "origin.local.platform.test"
  }
  validation_method = "DNS"
  lifecycle {
    create_before_destroy = true
  }
}
resource "aws_route53_record" "origin-certificate_validation-record_AE072258" {
  allow_overwrite = true
  name            = each.value.resource_record_name
  records = [
    "${each.value.resource_record_value}"
  ]
  ttl      = 300
  type     = each.value.resource_record_type
  zone_id  = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_route53_zonedns_zone_2E2729FBzone_id
  for_each = { for option in aws_acm_certificate.origin-certificate_29E5D6E9.domain_validation_options : option.domain_name => option }
}
resource "aws_acm_certificate_validation" "origin-certificate_validation_AF37E454" {
  certificate_arn         = aws_acm_certificate.origin-certificate_29E5D6E9.arn
  validation_record_fqdns = [for key, val in aws_route53_record.origin-certificate_validation-record_AE072258 : val.fqdn]
}
resource "aws_security_group" "alb_sg_group_947C5A3E" {
  description            = "platform-api-local: HTTPS from CloudFront only"
  name                   = "platform-api-alb-local"
  revoke_rules_on_delete = true
  tags = {
    Name = "platform-api-alb-local"
  }
  vpc_id = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_vpcvpc_6776A399id
}
data "aws_ec2_managed_prefix_list" "alb_cloudfront_19F33082" {
  name = "com.amazonaws.global.cloudfront.origin-facing"
}
resource "aws_vpc_security_group_ingress_rule" "alb_from-cloudfront_51C0901C" {
  description       = "CloudFront origin-facing addresses"
  from_port         = 443
  ip_protocol       = "tcp"
  prefix_list_id    = data.aws_ec2_managed_prefix_list.alb_cloudfront_19F33082.id
  security_group_id = aws_security_group.alb_sg_group_947C5A3E.id
  to_port           = 443
  lifecycle {
    ignore_changes = [
      "description",
    ]
  }
}
data "aws_elb_service_account" "alb_elb-account_2B44C2BB" {
}
resource "aws_s3_bucket" "alb_access-logs_bucket_D864ED4B" {
  bucket        = "platform-api-alb-logs-local-${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}"
  force_destroy = true
}
resource "aws_s3_bucket_public_access_block" "alb_access-logs_public-access_662F3042" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = aws_s3_bucket.alb_access-logs_bucket_D864ED4B.id
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "alb_access-logs_ownership_E50D9505" {
  bucket = aws_s3_bucket.alb_access-logs_bucket_D864ED4B.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "alb_access-logs_encryption_10498D62" {
  bucket = aws_s3_bucket.alb_access-logs_bucket_D864ED4B.id
  rule {
    bucket_key_enabled = false
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
resource "aws_s3_bucket_versioning" "alb_access-logs_versioning_8D9BBFA6" {
  bucket = aws_s3_bucket.alb_access-logs_bucket_D864ED4B.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "alb_access-logs_lifecycle_025EAA13" {
  bucket = aws_s3_bucket.alb_access-logs_bucket_D864ED4B.id
  rule {
    id     = "housekeeping"
    status = "Enabled"
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
    expiration {
      days = 30
    }
    filter {
      prefix = ""
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.alb_access-logs_versioning_8D9BBFA6",
  ]
}
data "aws_iam_policy_document" "alb_access-logs_policy-document_F175C731" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:s3:::platform-api-alb-logs-local-${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}/alb/AWSLogs/${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}/*"
    ]
    sid = "ElbWritesAccessLogs"
    principals {
      identifiers = [
        "${data.aws_elb_service_account.alb_elb-account_2B44C2BB.arn}"
      ]
      type = "AWS"
    }
    principals {
      identifiers = [
        "logdelivery.elasticloadbalancing.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_s3_bucket_policy" "alb_access-logs_policy_AB58BD6F" {
  bucket = aws_s3_bucket.alb_access-logs_bucket_D864ED4B.id
  policy = data.aws_iam_policy_document.alb_access-logs_policy-document_F175C731.json
  depends_on = [
    "aws_s3_bucket_public_access_block.alb_access-logs_public-access_662F3042",
  ]
}
resource "aws_lb" "alb_88D76693" {
  desync_mitigation_mode     = "defensive"
  drop_invalid_header_fields = true
  enable_deletion_protection = false
  idle_timeout               = 60
  internal                   = false
  load_balancer_type         = "application"
  name                       = "platform-api-local"
  security_groups = [
    "${aws_security_group.alb_sg_group_947C5A3E.id}"
  ]
  subnets = [
    "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_subnetvpc_public-0_B01643ACid}",
    "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_subnetvpc_public-1_75390BAEid}"
  ]
  access_logs {
    bucket  = aws_s3_bucket.alb_access-logs_bucket_D864ED4B.bucket
    enabled = true
    prefix  = "alb"
  }
  depends_on = [
    "aws_s3_bucket_policy.alb_access-logs_policy_AB58BD6F",
  ]
}
resource "aws_lb_target_group" "alb_targets_7CB452DA" {
  deregistration_delay = "30"
  name                 = "platform-api-local"
  port                 = 80
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_vpcvpc_6776A399id
  health_check {
    enabled             = true
    healthy_threshold   = 2
    interval            = 15
    matcher             = "200-399"
    path                = "/"
    protocol            = "HTTP"
    timeout             = 5
    unhealthy_threshold = 3
  }
}
resource "aws_lb_listener_rule" "alb_rule_69CE26D1" {
  listener_arn = aws_lb_listener.alb_https_5590AC3C.arn
  priority     = 38960
  action {
    target_group_arn = aws_lb_target_group.alb_targets_7CB452DA.arn
    type             = "forward"
  }
  condition {
    path_pattern {
      values = [
        "/api/*"
      ]
    }
  }
}
resource "aws_lb_listener" "alb_https_5590AC3C" {
  certificate_arn   = aws_acm_certificate_validation.origin-certificate_validation_AF37E454.certificate_arn
  load_balancer_arn = aws_lb.alb_88D76693.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  default_action {
    target_group_arn = aws_lb_target_group.alb_targets_7CB452DA.arn
    type             = "forward"
  }
}
resource "aws_route53_record" "origin-a" {
  name    = "origin.local.platform.test"
  type    = "A"
  zone_id = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_route53_zonedns_zone_2E2729FBzone_id
  alias {
    evaluate_target_health = false
    name                   = aws_lb.alb_88D76693.dns_name
    zone_id                = aws_lb.alb_88D76693.zone_id
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_target-5xx_alarm_22789F06" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "The service answered 5xx"
  alarm_name          = "platform-api-target-5xx-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 1
  dimensions = {
    LoadBalancer = "${aws_lb.alb_88D76693.arn_suffix}"
    TargetGroup  = "${aws_lb_target_group.alb_targets_7CB452DA.arn_suffix}"
  }
  evaluation_periods = 1
  metric_name        = "HTTPCode_Target_5XX_Count"
  namespace          = "AWS/ApplicationELB"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Sum"
  threshold          = 10
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_unhealthy-hosts_alarm_0711D2F4" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "Targets of the service fail their health check"
  alarm_name          = "platform-api-unhealthy-hosts-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 2
  dimensions = {
    LoadBalancer = "${aws_lb.alb_88D76693.arn_suffix}"
    TargetGroup  = "${aws_lb_target_group.alb_targets_7CB452DA.arn_suffix}"
  }
  evaluation_periods = 2
  metric_name        = "UnHealthyHostCount"
  namespace          = "AWS/ApplicationELB"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Maximum"
  threshold          = 0
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_latency_alarm_694AB856" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "Average response time above 1.5s"
  alarm_name          = "platform-api-latency-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 5
  dimensions = {
    LoadBalancer = "${aws_lb.alb_88D76693.arn_suffix}"
    TargetGroup  = "${aws_lb_target_group.alb_targets_7CB452DA.arn_suffix}"
  }
  evaluation_periods = 5
  metric_name        = "TargetResponseTime"
  namespace          = "AWS/ApplicationELB"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Average"
  threshold          = 1.5
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_cpu_alarm_ABCE09DF" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "Service CPU above 85%"
  alarm_name          = "platform-api-cpu-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 5
  dimensions = {
    ClusterName = "${aws_ecs_cluster.cluster_A4C38409.name}"
    ServiceName = "platform-api-local"
  }
  evaluation_periods = 5
  metric_name        = "CPUUtilization"
  namespace          = "AWS/ECS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Average"
  threshold          = 85
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_memory_alarm_3C3F6055" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "Service memory above 85%"
  alarm_name          = "platform-api-memory-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 5
  dimensions = {
    ClusterName = "${aws_ecs_cluster.cluster_A4C38409.name}"
    ServiceName = "platform-api-local"
  }
  evaluation_periods = 5
  metric_name        = "MemoryUtilization"
  namespace          = "AWS/ECS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Average"
  threshold          = 85
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_tasks-below-minimum_alarm_85D1933A" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "Fewer than 1 tasks running"
  alarm_name          = "platform-api-tasks-below-minimum-local"
  comparison_operator = "LessThanThreshold"
  datapoints_to_alarm = 3
  dimensions = {
    ClusterName = "${aws_ecs_cluster.cluster_A4C38409.name}"
    ServiceName = "platform-api-local"
  }
  evaluation_periods = 3
  metric_name        = "RunningTaskCount"
  namespace          = "ECS/ContainerInsights"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Minimum"
  threshold          = 1
  treat_missing_data = "breaching"
}
resource "aws_cloudwatch_log_group" "app_logs_group_A66D4D77" {
  kms_key_id        = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_kms_keylogs-key_44F95A88arn
  name              = "platform-api-local"
  retention_in_days = 7
}
data "aws_iam_policy_document" "app_ecs-tasks-trust_BEE195DD" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "ecs-tasks.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "app_execution-role_8B77B541" {
  assume_role_policy = data.aws_iam_policy_document.app_ecs-tasks-trust_BEE195DD.json
  name               = "platform-api-execution-local"
}
data "aws_iam_policy_document" "app_execution-policy-document_B0C485C4" {
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents"
    ]
    effect = "Allow"
    resources = [
      "${aws_cloudwatch_log_group.app_logs_group_A66D4D77.arn}:*"
    ]
    sid = "WriteOwnLogs"
  }
  statement {
    actions = [
      "secretsmanager:GetSecretValue"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_rds_clusteraurora_cluster_059EF40Fmaster_user_secret0secret_arn}"
    ]
    sid = "ReadInjectedSecrets"
  }
  statement {
    actions = [
      "kms:Decrypt"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_kms_keydatabase-key_C4D88439arn}"
    ]
    sid = "DecryptInjectedSecrets"
    condition {
      test = "StringEquals"
      values = [
        "secretsmanager.${data.aws_region.aws-context_region_DEC3537F.name}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
}
resource "aws_iam_role_policy" "app_execution-policy_230EFE52" {
  name   = "execution-least-privilege"
  policy = data.aws_iam_policy_document.app_execution-policy-document_B0C485C4.json
  role   = aws_iam_role.app_execution-role_8B77B541.id
}
resource "aws_iam_role" "app_task-role_97992A21" {
  assume_role_policy = data.aws_iam_policy_document.app_ecs-tasks-trust_BEE195DD.json
  name               = "platform-api-task-local"
}
data "aws_iam_policy_document" "app_task-policy-document_E4FCBAB1" {
  statement {
    actions = [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DescribeTable"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-catalog_table_A0D1EF07arn}",
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-catalog_table_A0D1EF07arn}/index/*"
    ]
    sid = "ReadWriteTableCatalog"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey*",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_kms_keytables-key_46438B28arn}"
    ]
    sid = "UseKeyOfTableCatalog"
    condition {
      test = "StringEquals"
      values = [
        "dynamodb.${data.aws_region.aws-context_region_DEC3537F.name}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
  statement {
    actions = [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DescribeTable"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96arn}",
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96arn}/index/*"
    ]
    sid = "ReadWriteTableOrders"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey*",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_kms_keytables-key_46438B28arn}"
    ]
    sid = "UseKeyOfTableOrders"
    condition {
      test = "StringEquals"
      values = [
        "dynamodb.${data.aws_region.aws-context_region_DEC3537F.name}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topictopic-orders_topic_665B92EFarn}"
    ]
    sid = "PublishTopicOrders"
  }
  statement {
    actions = [
      "kms:GenerateDataKey*",
      "kms:Decrypt"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_kms_keymessaging-key_48BA1416arn}"
    ]
    sid = "EncryptForTopicOrders"
    condition {
      test = "StringEquals"
      values = [
        "sns.${data.aws_region.aws-context_region_DEC3537F.name}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
  statement {
    actions = [
      "rds-db:connect"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:rds-db:${data.aws_region.aws-context_region_DEC3537F.name}:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:dbuser:${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_rds_clusteraurora_cluster_059EF40Fcluster_resource_id}/app"
    ]
    sid = "ConnectWithIamToken"
  }
}
resource "aws_iam_role_policy" "app_task-policy_81116F73" {
  name   = "task-least-privilege"
  policy = data.aws_iam_policy_document.app_task-policy-document_E4FCBAB1.json
  role   = aws_iam_role.app_task-role_97992A21.id
}
resource "aws_ecs_task_definition" "app_task_D962A8DF" {
  container_definitions = jsonencode([{ "name" = "platform-api-local", "image" = "public.ecr.aws/nginx/nginx:1.27-alpine", "essential" = true, "readonlyRootFilesystem" = true, "stopTimeout" = 30, "environment" = [{ "name" = "DB_HOST", "value" = data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_rds_clusteraurora_cluster_059EF40Fendpoint }, { "name" = "DB_IAM_USER", "value" = "app" }, { "name" = "DB_NAME", "value" = "app" }, { "name" = "DB_PORT", "value" = "5432" }, { "name" = "DB_READER_HOST", "value" = data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_rds_clusteraurora_cluster_059EF40Freader_endpoint }, { "name" = "TABLE_CATALOG", "value" = data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-catalog_table_A0D1EF07name }, { "name" = "TABLE_ORDERS", "value" = data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96name }, { "name" = "TOPIC_ORDERS_ARN", "value" = data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topictopic-orders_topic_665B92EFarn }], "secrets" = [{ "name" = "DB_USERNAME", "valueFrom" = "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_rds_clusteraurora_cluster_059EF40Fmaster_user_secret0secret_arn}:username::" }, { "name" = "DB_PASSWORD", "valueFrom" = "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_rds_clusteraurora_cluster_059EF40Fmaster_user_secret0secret_arn}:password::" }], "mountPoints" = [{ "sourceVolume" = "scratch-var-cache-nginx", "containerPath" = "/var/cache/nginx", "readOnly" = false }, { "sourceVolume" = "scratch-var-run", "containerPath" = "/var/run", "readOnly" = false }, { "sourceVolume" = "scratch-tmp", "containerPath" = "/tmp", "readOnly" = false }], "logConfiguration" = { "logDriver" = "awslogs", "options" = { "awslogs-group" = aws_cloudwatch_log_group.app_logs_group_A66D4D77.name, "awslogs-region" = data.aws_region.aws-context_region_DEC3537F.name, "awslogs-stream-prefix" = "platform-api-local" } }, "portMappings" = [{ "containerPort" = 80, "protocol" = "tcp" }], "healthCheck" = { "command" = ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:80/ || exit 1"], "interval" = 30, "timeout" = 5, "retries" = 3, "startPeriod" = 60 } }])
  cpu                   = "256"
  execution_role_arn    = aws_iam_role.app_execution-role_8B77B541.arn
  family                = "platform-api-local"
  memory                = "512"
  network_mode          = "awsvpc"
  requires_compatibilities = [
    "FARGATE"
  ]
  task_role_arn = aws_iam_role.app_task-role_97992A21.arn
  runtime_platform {
    cpu_architecture        = "X86_64"
    operating_system_family = "LINUX"
  }
  volume {
    name = "scratch-var-cache-nginx"
  }
  volume {
    name = "scratch-var-run"
  }
  volume {
    name = "scratch-tmp"
  }
}
resource "aws_vpc_security_group_ingress_rule" "app_from-alb-in_C5FFA6F1" {
  description                  = "Load balancer to the web services' containers"
  from_port                    = 80
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.alb_sg_group_947C5A3E.id
  security_group_id            = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_security_groupapp-sg_group_E16EC950id
  to_port                      = 80
  lifecycle {
    ignore_changes = [
      "description",
    ]
  }
}
resource "aws_vpc_security_group_egress_rule" "app_from-alb-out_9BBE9F04" {
  description                  = "Load balancer to the web services' containers"
  from_port                    = 80
  ip_protocol                  = "tcp"
  referenced_security_group_id = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_security_groupapp-sg_group_E16EC950id
  security_group_id            = aws_security_group.alb_sg_group_947C5A3E.id
  to_port                      = 80
  lifecycle {
    ignore_changes = [
      "description",
    ]
  }
}
resource "aws_ecs_service" "app_service_BCE5FF06" {
  cluster                            = aws_ecs_cluster.cluster_A4C38409.arn
  deployment_maximum_percent         = 200
  deployment_minimum_healthy_percent = 100
  desired_count                      = 1
  enable_ecs_managed_tags            = true
  enable_execute_command             = false
  health_check_grace_period_seconds  = 60
  name                               = "platform-api-local"
  platform_version                   = "LATEST"
  propagate_tags                     = "SERVICE"
  task_definition                    = aws_ecs_task_definition.app_task_D962A8DF.arn
  wait_for_steady_state              = false
  alarms {
    alarm_names = [
      "${aws_cloudwatch_metric_alarm.alarms_target-5xx_alarm_22789F06.alarm_name}",
      "${aws_cloudwatch_metric_alarm.alarms_unhealthy-hosts_alarm_0711D2F4.alarm_name}"
    ]
    enable   = true
    rollback = true
  }
  capacity_provider_strategy {
    base              = 0
    capacity_provider = "FARGATE_SPOT"
    weight            = 1
  }
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  load_balancer {
    container_name   = "platform-api-local"
    container_port   = 80
    target_group_arn = aws_lb_target_group.alb_targets_7CB452DA.arn
  }
  network_configuration {
    assign_public_ip = false
    security_groups = [
      "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_security_groupapp-sg_group_E16EC950id}"
    ]
    subnets = [
      "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_subnetvpc_private-0_BC0C0085id}",
      "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_subnetvpc_private-1_94F31C2Eid}"
    ]
  }
  depends_on = [
    "aws_lb_listener.alb_https_5590AC3C",
    "aws_lb_listener_rule.alb_rule_69CE26D1",
    "aws_cloudwatch_metric_alarm.alarms_target-5xx_alarm_22789F06",
    "aws_cloudwatch_metric_alarm.alarms_unhealthy-hosts_alarm_0711D2F4",
    "aws_cloudwatch_metric_alarm.alarms_latency_alarm_694AB856",
    "aws_cloudwatch_metric_alarm.alarms_cpu_alarm_ABCE09DF",
    "aws_cloudwatch_metric_alarm.alarms_memory_alarm_3C3F6055",
    "aws_cloudwatch_metric_alarm.alarms_tasks-below-minimum_alarm_85D1933A",
  ]
  lifecycle {
    ignore_changes = [
      "availability_zone_rebalancing",
      "capacity_provider_strategy",
      "deployment_controller",
      "enable_ecs_managed_tags",
      "health_check_grace_period_seconds",
    ]
  }
}
resource "aws_cloudwatch_log_group" "order-worker_task_logs_group_29C88CB9" {
  kms_key_id        = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_kms_keylogs-key_44F95A88arn
  name              = "platform-order-worker-local"
  retention_in_days = 7
}
data "aws_iam_policy_document" "order-worker_task_ecs-tasks-trust_C2DC8739" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "ecs-tasks.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "order-worker_task_execution-role_ACC28C0F" {
  assume_role_policy = data.aws_iam_policy_document.order-worker_task_ecs-tasks-trust_C2DC8739.json
  name               = "platform-order-worker-execution-local"
}
data "aws_iam_policy_document" "order-worker_task_execution-policy-document_6826EAAB" {
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents"
    ]
    effect = "Allow"
    resources = [
      "${aws_cloudwatch_log_group.order-worker_task_logs_group_29C88CB9.arn}:*"
    ]
    sid = "WriteOwnLogs"
  }
}
resource "aws_iam_role_policy" "order-worker_task_execution-policy_F120F739" {
  name   = "execution-least-privilege"
  policy = data.aws_iam_policy_document.order-worker_task_execution-policy-document_6826EAAB.json
  role   = aws_iam_role.order-worker_task_execution-role_ACC28C0F.id
}
resource "aws_iam_role" "order-worker_task_task-role_3070BE24" {
  assume_role_policy = data.aws_iam_policy_document.order-worker_task_ecs-tasks-trust_C2DC8739.json
  name               = "platform-order-worker-task-local"
}
data "aws_iam_policy_document" "order-worker_task_task-policy-document_D1059A90" {
  statement {
    actions = [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DescribeTable"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96arn}",
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96arn}/index/*"
    ]
    sid = "ReadWriteTableOrders"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey*",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_kms_keytables-key_46438B28arn}"
    ]
    sid = "UseKeyOfTableOrders"
    condition {
      test = "StringEquals"
      values = [
        "dynamodb.${data.aws_region.aws-context_region_DEC3537F.name}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
  statement {
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sqs_queuequeue-order-processing_queue_9EFBD271arn}"
    ]
    sid = "ConsumeQueueOrderProcessing"
  }
  statement {
    actions = [
      "kms:Decrypt"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_kms_keymessaging-key_48BA1416arn}"
    ]
    sid = "DecryptFromQueueOrderProcessing"
    condition {
      test = "StringEquals"
      values = [
        "sqs.${data.aws_region.aws-context_region_DEC3537F.name}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
}
resource "aws_iam_role_policy" "order-worker_task_task-policy_2CD167A2" {
  name   = "task-least-privilege"
  policy = data.aws_iam_policy_document.order-worker_task_task-policy-document_D1059A90.json
  role   = aws_iam_role.order-worker_task_task-role_3070BE24.id
}
resource "aws_ecs_task_definition" "order-worker_task_AD876740" {
  container_definitions = jsonencode([{ "name" = "platform-order-worker-local", "image" = "public.ecr.aws/docker/library/busybox:1.36", "essential" = true, "readonlyRootFilesystem" = true, "stopTimeout" = 120, "environment" = [{ "name" = "QUEUE_ORDER_PROCESSING_URL", "value" = data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sqs_queuequeue-order-processing_queue_9EFBD271url }, { "name" = "TABLE_ORDERS", "value" = data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96name }], "secrets" = [], "mountPoints" = [{ "sourceVolume" = "scratch-tmp", "containerPath" = "/tmp", "readOnly" = false }], "logConfiguration" = { "logDriver" = "awslogs", "options" = { "awslogs-group" = aws_cloudwatch_log_group.order-worker_task_logs_group_29C88CB9.name, "awslogs-region" = data.aws_region.aws-context_region_DEC3537F.name, "awslogs-stream-prefix" = "platform-order-worker-local" } }, "command" = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 5 & wait $!; done"] }])
  cpu                   = "256"
  execution_role_arn    = aws_iam_role.order-worker_task_execution-role_ACC28C0F.arn
  family                = "platform-order-worker-local"
  memory                = "512"
  network_mode          = "awsvpc"
  requires_compatibilities = [
    "FARGATE"
  ]
  task_role_arn = aws_iam_role.order-worker_task_task-role_3070BE24.arn
  runtime_platform {
    cpu_architecture        = "X86_64"
    operating_system_family = "LINUX"
  }
  volume {
    name = "scratch-tmp"
  }
}
resource "aws_cloudwatch_metric_alarm" "order-worker_order-processing-dlq-growth_alarm_580310A9" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "platform-order-worker-local sent messages of platform-order-processing-local to its dead-letter queue"
  alarm_name          = "platform-order-worker-order-processing-dlq-growth-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  threshold          = 0
  treat_missing_data = "notBreaching"
  metric_query {
    id          = "dlq"
    return_data = false
    metric {
      dimensions = {
        QueueName = "platform-order-processing-dlq-local"
      }
      metric_name = "ApproximateNumberOfMessagesVisible"
      namespace   = "AWS/SQS"
      period      = 60
      stat        = "Maximum"
    }
  }
  metric_query {
    expression  = "DIFF(dlq)"
    id          = "e"
    label       = "messages added to the dead-letter queue"
    return_data = true
  }
}
resource "aws_cloudwatch_metric_alarm" "order-worker_order-processing-oldest-message_alarm_968408E2" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "platform-order-processing-local holds a message older than 900s: platform-order-worker-local is behind or failing"
  alarm_name          = "platform-order-worker-order-processing-oldest-message-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 3
  evaluation_periods  = 3
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  threshold          = 900
  treat_missing_data = "notBreaching"
  metric_query {
    id          = "age"
    return_data = false
    metric {
      dimensions = {
        QueueName = "platform-order-processing-local"
      }
      metric_name = "ApproximateAgeOfOldestMessage"
      namespace   = "AWS/SQS"
      period      = 60
      stat        = "Maximum"
    }
  }
  metric_query {
    expression  = "age"
    id          = "e"
    label       = "age of the oldest message (s)"
    return_data = true
  }
}
resource "aws_ecs_service" "order-worker_service_FBBD8D76" {
  cluster                            = aws_ecs_cluster.cluster_A4C38409.arn
  deployment_maximum_percent         = 200
  deployment_minimum_healthy_percent = 100
  desired_count                      = 1
  enable_ecs_managed_tags            = true
  name                               = "platform-order-worker-local"
  platform_version                   = "LATEST"
  propagate_tags                     = "SERVICE"
  task_definition                    = aws_ecs_task_definition.order-worker_task_AD876740.arn
  wait_for_steady_state              = false
  alarms {
    alarm_names = [
      "${aws_cloudwatch_metric_alarm.order-worker_order-processing-dlq-growth_alarm_580310A9.alarm_name}",
      "${aws_cloudwatch_metric_alarm.order-worker_order-processing-oldest-message_alarm_968408E2.alarm_name}"
    ]
    enable   = true
    rollback = true
  }
  capacity_provider_strategy {
    base              = 0
    capacity_provider = "FARGATE_SPOT"
    weight            = 1
  }
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    assign_public_ip = false
    security_groups = [
      "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_security_groupapp-sg_group_E16EC950id}"
    ]
    subnets = [
      "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_subnetvpc_private-0_BC0C0085id}",
      "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_subnetvpc_private-1_94F31C2Eid}"
    ]
  }
  depends_on = [
    "aws_cloudwatch_metric_alarm.order-worker_order-processing-dlq-growth_alarm_580310A9",
    "aws_cloudwatch_metric_alarm.order-worker_order-processing-oldest-message_alarm_968408E2",
  ]
  lifecycle {
    ignore_changes = [
      "availability_zone_rebalancing",
      "capacity_provider_strategy",
      "deployment_controller",
      "enable_ecs_managed_tags",
      "health_check_grace_period_seconds",
    ]
  }
}
resource "aws_cloudwatch_log_group" "nightly-report_task_logs_group_ADAF7184" {
  kms_key_id        = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_kms_keylogs-key_44F95A88arn
  name              = "platform-nightly-report-local"
  retention_in_days = 7
}
data "aws_iam_policy_document" "nightly-report_task_ecs-tasks-trust_E06D37EB" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "ecs-tasks.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "nightly-report_task_execution-role_0ADF6766" {
  assume_role_policy = data.aws_iam_policy_document.nightly-report_task_ecs-tasks-trust_E06D37EB.json
  name               = "platform-nightly-report-execution-local"
}
data "aws_iam_policy_document" "nightly-report_task_execution-policy-document_3344C79B" {
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents"
    ]
    effect = "Allow"
    resources = [
      "${aws_cloudwatch_log_group.nightly-report_task_logs_group_ADAF7184.arn}:*"
    ]
    sid = "WriteOwnLogs"
  }
}
resource "aws_iam_role_policy" "nightly-report_task_execution-policy_EEB40725" {
  name   = "execution-least-privilege"
  policy = data.aws_iam_policy_document.nightly-report_task_execution-policy-document_3344C79B.json
  role   = aws_iam_role.nightly-report_task_execution-role_0ADF6766.id
}
resource "aws_iam_role" "nightly-report_task_task-role_A82BE13B" {
  assume_role_policy = data.aws_iam_policy_document.nightly-report_task_ecs-tasks-trust_E06D37EB.json
  name               = "platform-nightly-report-task-local"
}
data "aws_iam_policy_document" "nightly-report_task_task-policy-document_3A8FB887" {
  statement {
    actions = [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DescribeTable"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96arn}",
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96arn}/index/*"
    ]
    sid = "ReadTableOrders"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_kms_keytables-key_46438B28arn}"
    ]
    sid = "DecryptWithTableOrders"
    condition {
      test = "StringEquals"
      values = [
        "dynamodb.${data.aws_region.aws-context_region_DEC3537F.name}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
  statement {
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:s3:::platform-site-local-${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}/*"
    ]
    sid = "SiteObjects"
  }
  statement {
    actions = [
      "s3:ListBucket"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:s3:::platform-site-local-${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}"
    ]
    sid = "SiteList"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey*"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:kms:us-east-1:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:key/*"
    ]
    sid = "SiteKey"
    condition {
      test = "ForAnyValue:StringEquals"
      values = [
        "alias/platform-edge-local"
      ]
      variable = "kms:ResourceAliases"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.us-east-1.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
}
resource "aws_iam_role_policy" "nightly-report_task_task-policy_01C916ED" {
  name   = "task-least-privilege"
  policy = data.aws_iam_policy_document.nightly-report_task_task-policy-document_3A8FB887.json
  role   = aws_iam_role.nightly-report_task_task-role_A82BE13B.id
}
resource "aws_ecs_task_definition" "nightly-report_task_0DC57A76" {
  container_definitions = jsonencode([{ "name" = "platform-nightly-report-local", "image" = "public.ecr.aws/docker/library/busybox:1.36", "essential" = true, "readonlyRootFilesystem" = true, "stopTimeout" = 120, "environment" = [{ "name" = "SITE_BUCKET", "value" = "platform-site-local-${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}" }, { "name" = "TABLE_ORDERS", "value" = data.terraform_remote_state.cross-stack-reference-input-data-local.outputs.cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96name }], "secrets" = [], "mountPoints" = [{ "sourceVolume" = "scratch-tmp", "containerPath" = "/tmp", "readOnly" = false }], "logConfiguration" = { "logDriver" = "awslogs", "options" = { "awslogs-group" = aws_cloudwatch_log_group.nightly-report_task_logs_group_ADAF7184.name, "awslogs-region" = data.aws_region.aws-context_region_DEC3537F.name, "awslogs-stream-prefix" = "platform-nightly-report-local" } }, "command" = ["sh", "-c", "echo nightly report"] }])
  cpu                   = "256"
  execution_role_arn    = aws_iam_role.nightly-report_task_execution-role_0ADF6766.arn
  family                = "platform-nightly-report-local"
  memory                = "512"
  network_mode          = "awsvpc"
  requires_compatibilities = [
    "FARGATE"
  ]
  task_role_arn = aws_iam_role.nightly-report_task_task-role_A82BE13B.arn
  runtime_platform {
    cpu_architecture        = "X86_64"
    operating_system_family = "LINUX"
  }
  volume {
    name = "scratch-tmp"
  }
}
resource "aws_sqs_queue" "nightly-report_dlq_55258D3F" {
  kms_master_key_id         = aws_kms_key.service-key_3CD82A16.arn
  message_retention_seconds = 1209600
  name                      = "platform-nightly-report-schedule-dlq-local"
  lifecycle {
    ignore_changes = [
      "redrive_policy",
    ]
  }
}
data "aws_iam_policy_document" "nightly-report_dlq-policy-document_C216D5DF" {
  statement {
    actions = [
      "sqs:*"
    ]
    effect = "Deny"
    resources = [
      "${aws_sqs_queue.nightly-report_dlq_55258D3F.arn}"
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
resource "aws_sqs_queue_policy" "nightly-report_dlq-policy_16706029" {
  policy    = data.aws_iam_policy_document.nightly-report_dlq-policy-document_C216D5DF.json
  queue_url = aws_sqs_queue.nightly-report_dlq_55258D3F.url
}
data "aws_iam_policy_document" "nightly-report_scheduler-trust_51BBB91A" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "scheduler.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "nightly-report_scheduler-role_BF23AD32" {
  assume_role_policy = data.aws_iam_policy_document.nightly-report_scheduler-trust_51BBB91A.json
  name               = "platform-nightly-report-scheduler-local"
}
data "aws_iam_policy_document" "nightly-report_scheduler-policy-document_6E358059" {
  statement {
    actions = [
      "ecs:RunTask"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:ecs:${data.aws_region.aws-context_region_DEC3537F.name}:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:task-definition/platform-nightly-report-local:*"
    ]
    sid = "RunThisTask"
    condition {
      test = "ArnEquals"
      values = [
        "${aws_ecs_cluster.cluster_A4C38409.arn}"
      ]
      variable = "ecs:cluster"
    }
  }
  statement {
    actions = [
      "iam:PassRole"
    ]
    effect = "Allow"
    resources = [
      "${aws_iam_role.nightly-report_task_task-role_A82BE13B.arn}",
      "${aws_iam_role.nightly-report_task_execution-role_0ADF6766.arn}"
    ]
    sid = "PassItsRoles"
    condition {
      test = "StringEquals"
      values = [
        "ecs-tasks.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      variable = "iam:PassedToService"
    }
  }
  statement {
    actions = [
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "${aws_sqs_queue.nightly-report_dlq_55258D3F.arn}"
    ]
    sid = "DeadLetters"
  }
  statement {
    actions = [
      "kms:GenerateDataKey*",
      "kms:Decrypt"
    ]
    effect = "Allow"
    resources = [
      "${aws_kms_key.service-key_3CD82A16.arn}"
    ]
    sid = "EncryptDeadLetters"
    condition {
      test = "StringEquals"
      values = [
        "sqs.${data.aws_region.aws-context_region_DEC3537F.name}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
}
resource "aws_iam_role_policy" "nightly-report_scheduler-policy_C8FA179C" {
  name   = "run-this-task-only"
  policy = data.aws_iam_policy_document.nightly-report_scheduler-policy-document_6E358059.json
  role   = aws_iam_role.nightly-report_scheduler-role_BF23AD32.id
}
resource "aws_scheduler_schedule" "nightly-report_schedule_C1CF7B4F" {
  description                  = "Runs platform-nightly-report-local cron(0 3 * * ? *) (Europe/Dublin)"
  kms_key_arn                  = aws_kms_key.service-key_3CD82A16.arn
  name                         = "platform-nightly-report-local"
  schedule_expression          = "cron(0 3 * * ? *)"
  schedule_expression_timezone = "Europe/Dublin"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_ecs_cluster.cluster_A4C38409.arn
    role_arn = aws_iam_role.nightly-report_scheduler-role_BF23AD32.arn
    dead_letter_config {
      arn = aws_sqs_queue.nightly-report_dlq_55258D3F.arn
    }
    ecs_parameters {
      platform_version    = "LATEST"
      task_count          = 1
      task_definition_arn = aws_ecs_task_definition.nightly-report_task_0DC57A76.arn
      capacity_provider_strategy {
        base              = 0
        capacity_provider = "FARGATE_SPOT"
        weight            = 1
      }
      network_configuration {
        assign_public_ip = false
        security_groups = [
          "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_security_groupapp-sg_group_E16EC950id}"
        ]
        subnets = [
          "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_subnetvpc_private-0_BC0C0085id}",
          "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_subnetvpc_private-1_94F31C2Eid}"
        ]
      }
    }
    retry_policy {
      maximum_event_age_in_seconds = 3600
      maximum_retry_attempts       = 2
    }
  }
}
resource "aws_cloudwatch_metric_alarm" "nightly-report_dlq-alarm_ABC02B67" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "A run of platform-nightly-report-local could not start after its retries (see its dead-letter queue)"
  alarm_name          = "platform-nightly-report-missed-runs-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 1
  dimensions = {
    QueueName = "platform-nightly-report-schedule-dlq-local"
  }
  evaluation_periods = 1
  metric_name        = "ApproximateNumberOfMessagesVisible"
  namespace          = "AWS/SQS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 0
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_elb-5xx_alarm_544A0551" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "Load balancer answered 5xx (no healthy target, timeouts)"
  alarm_name          = "platform-api-elb-5xx-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 1
  dimensions = {
    LoadBalancer = "${aws_lb.alb_88D76693.arn_suffix}"
  }
  evaluation_periods = 1
  metric_name        = "HTTPCode_ELB_5XX_Count"
  namespace          = "AWS/ApplicationELB"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Sum"
  threshold          = 10
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_event_rule" "task-failures_rule_D3C4E8A8" {
  description   = "Tasks of workers and scheduled jobs that stopped with a non-zero exit code"
  event_pattern = jsonencode({ "source" = ["aws.ecs"], "detail-type" = ["ECS Task State Change"], "detail" = { "clusterArn" = [aws_ecs_cluster.cluster_A4C38409.arn], "group" = ["family:platform-nightly-report-local", "service:platform-order-worker-local"], "lastStatus" = ["STOPPED"], "containers" = { "exitCode" = [{ "anything-but" = 0 }] } } })
  name          = "platform-task-failed-local"
}
resource "aws_cloudwatch_event_target" "task-failures_target_7A4B6E45" {
  arn       = data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn
  rule      = aws_cloudwatch_event_rule.task-failures_rule_D3C4E8A8.name
  target_id = "alarm-topic"
}

output "alb_dns_name" {
  value       = aws_lb.alb_88D76693.dns_name
  description = "The load balancer's DNS name"
}

output "cluster_name" {
  value = aws_ecs_cluster.cluster_A4C38409.name
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
data "terraform_remote_state" "cross-stack-reference-input-messaging-local" {
  backend   = "s3"
  workspace = terraform.workspace
  config = {
    bucket     = "platform-tfstate-local"
    key        = "local/messaging.tfstate"
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
data "terraform_remote_state" "cross-stack-reference-input-data-local" {
  backend   = "s3"
  workspace = terraform.workspace
  config = {
    bucket     = "platform-tfstate-local"
    key        = "local/data.tfstate"
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

output "cross-stack-output-aws_route53_recordorigin-afqdn" {
  value     = aws_route53_record.origin-a.fqdn
  sensitive = true
}

output "cross-stack-output-aws_lbalb_88D76693arn_suffix" {
  value     = aws_lb.alb_88D76693.arn_suffix
  sensitive = true
}

output "cross-stack-output-aws_ecs_clustercluster_A4C38409name" {
  value     = aws_ecs_cluster.cluster_A4C38409.name
  sensitive = true
}

output "cross-stack-output-aws_ecs_serviceapp_service_BCE5FF06name" {
  value     = aws_ecs_service.app_service_BCE5FF06.name
  sensitive = true
}

output "cross-stack-output-aws_lb_target_groupalb_targets_7CB452DAarn_suffix" {
  value     = aws_lb_target_group.alb_targets_7CB452DA.arn_suffix
  sensitive = true
}

output "cross-stack-output-aws_ecs_serviceorder-worker_service_FBBD8D76name" {
  value     = aws_ecs_service.order-worker_service_FBBD8D76.name
  sensitive = true
}