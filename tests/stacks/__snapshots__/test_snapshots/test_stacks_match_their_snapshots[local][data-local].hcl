terraform {
  required_providers {
    aws = {
      version = "5.100.0"
      source  = "aws"
    }
  }
  backend "s3" {
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
      Component   = "data"
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
data "aws_iam_policy_document" "database-key_policy_1E0F7730" {
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
resource "aws_kms_key" "database-key_C4D88439" {
  deletion_window_in_days = 7
  description             = "Aurora storage, snapshots, master secret and Performance Insights"
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.database-key_policy_1E0F7730.json
}
resource "aws_kms_alias" "database-key_alias_BD853208" {
  name          = "alias/platform-database-local"
  target_key_id = aws_kms_key.database-key_C4D88439.key_id
}
data "aws_caller_identity" "aws-context_account_8AB0A92B" {
}
data "aws_partition" "aws-context_partition_9ECE3875" {
}
data "aws_region" "aws-context_region_DEC3537F" {
}
resource "aws_db_subnet_group" "aurora_subnets_905FE3E1" {
  description = "Isolated subnets of platform-db-local"
  name        = "platform-db-local"
  subnet_ids = [
    "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_subnetvpc_isolated-0_AA05632Did}",
    "${data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_subnetvpc_isolated-1_C11C78DCid}"
  ]
}
resource "aws_security_group" "aurora_sg_group_E41A5771" {
  description            = "platform-db-local: PostgreSQL from the app tier only"
  name                   = "platform-db-local"
  revoke_rules_on_delete = true
  tags = {
    Name = "platform-db-local"
  }
  vpc_id = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_vpcvpc_6776A399id
}
resource "aws_vpc_security_group_ingress_rule" "aurora_from-app-in_537E913F" {
  description                  = "PostgreSQL from the app tier"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_security_groupapp-sg_group_E16EC950id
  security_group_id            = aws_security_group.aurora_sg_group_E41A5771.id
  to_port                      = 5432
  lifecycle {
    ignore_changes = [
      "description",
    ]
  }
}
resource "aws_vpc_security_group_egress_rule" "aurora_from-app-out_9EEF42FC" {
  description                  = "PostgreSQL from the app tier"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.aurora_sg_group_E41A5771.id
  security_group_id            = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_security_groupapp-sg_group_E16EC950id
  to_port                      = 5432
  lifecycle {
    ignore_changes = [
      "description",
    ]
  }
}
resource "aws_rds_cluster_parameter_group" "aurora_parameters_3B993369" {
  description = "platform-db-local: TLS only, connection and slow-query logging"
  family      = "aurora-postgresql16"
  name        = "platform-db-local"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  parameter {
    name  = "log_connections"
    value = "1"
  }
  parameter {
    name  = "log_disconnections"
    value = "1"
  }
  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }
  parameter {
    name  = "log_statement"
    value = "ddl"
  }
}
resource "aws_cloudwatch_log_group" "aurora_logs_group_1E009527" {
  kms_key_id        = data.terraform_remote_state.cross-stack-reference-input-network-local.outputs.cross-stack-output-aws_kms_keylogs-key_44F95A88arn
  name              = "/aws/rds/cluster/platform-db-local/postgresql"
  retention_in_days = 30
}
resource "aws_rds_cluster" "aurora_cluster_059EF40F" {
  backup_retention_period         = 1
  cluster_identifier              = "platform-db-local"
  copy_tags_to_snapshot           = true
  database_name                   = "app"
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.aurora_parameters_3B993369.name
  db_subnet_group_name            = aws_db_subnet_group.aurora_subnets_905FE3E1.name
  deletion_protection             = false
  enabled_cloudwatch_logs_exports = [
    "postgresql"
  ]
  engine                              = "aurora-postgresql"
  engine_mode                         = "provisioned"
  engine_version                      = "16.4"
  iam_database_authentication_enabled = true
  kms_key_id                          = aws_kms_key.database-key_C4D88439.arn
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = aws_kms_key.database-key_C4D88439.arn
  master_username                     = "app_admin"
  port                                = 5432
  preferred_backup_window             = "03:00-04:00"
  preferred_maintenance_window        = "sun:04:30-sun:05:30"
  skip_final_snapshot                 = true
  storage_encrypted                   = true
  vpc_security_group_ids = [
    "${aws_security_group.aurora_sg_group_E41A5771.id}"
  ]
  serverlessv2_scaling_configuration {
    max_capacity = 2
    min_capacity = 0.5
  }
  depends_on = [
    "aws_cloudwatch_log_group.aurora_logs_group_1E009527",
  ]
  lifecycle {
    ignore_changes = [
      "scaling_configuration",
    ]
  }
}
resource "aws_rds_cluster_instance" "aurora_instance-0_95C7384D" {
  auto_minor_version_upgrade   = true
  cluster_identifier           = aws_rds_cluster.aurora_cluster_059EF40F.id
  engine                       = "aurora-postgresql"
  engine_version               = "16.4"
  identifier                   = "platform-db-0-local"
  instance_class               = "db.serverless"
  monitoring_interval          = 0
  performance_insights_enabled = false
  promotion_tier               = 0
  publicly_accessible          = false
}
data "aws_iam_policy_document" "tables-key_policy_D70D0A7F" {
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
resource "aws_kms_key" "tables-key_46438B28" {
  deletion_window_in_days = 7
  description             = "DynamoDB tables (multi-Region, so global-table replicas can use replicas of it)"
  enable_key_rotation     = true
  multi_region            = true
  policy                  = data.aws_iam_policy_document.tables-key_policy_D70D0A7F.json
}
resource "aws_kms_alias" "tables-key_alias_1C99AC58" {
  name          = "alias/platform-tables-local"
  target_key_id = aws_kms_key.tables-key_46438B28.key_id
}
resource "aws_dynamodb_table" "table-catalog_table_A0D1EF07" {
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = false
  hash_key                    = "PK"
  name                        = "platform-catalog-local"
  range_key                   = "SK"
  stream_enabled              = false
  attribute {
    name = "PK"
    type = "S"
  }
  attribute {
    name = "SK"
    type = "S"
  }
  attribute {
    name = "category"
    type = "S"
  }
  attribute {
    name = "name"
    type = "S"
  }
  attribute {
    name = "price"
    type = "N"
  }
  global_secondary_index {
    hash_key        = "category"
    name            = "by-category"
    projection_type = "ALL"
    range_key       = "name"
  }
  global_secondary_index {
    hash_key        = "category"
    name            = "by-category-price"
    projection_type = "ALL"
    range_key       = "price"
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.tables-key_46438B28.arn
  }
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }
}
resource "aws_dynamodb_table" "table-orders_table_74941A96" {
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = false
  hash_key                    = "user_id"
  name                        = "platform-orders-local"
  range_key                   = "created_at"
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"
  attribute {
    name = "created_at"
    type = "S"
  }
  attribute {
    name = "order_day"
    type = "S"
  }
  attribute {
    name = "order_id"
    type = "S"
  }
  attribute {
    name = "user_id"
    type = "S"
  }
  global_secondary_index {
    hash_key        = "order_day"
    name            = "by-day"
    projection_type = "ALL"
    range_key       = "created_at"
  }
  global_secondary_index {
    hash_key        = "order_id"
    name            = "by-order-id"
    projection_type = "KEYS_ONLY"
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.tables-key_46438B28.arn
  }
}
resource "aws_cloudwatch_metric_alarm" "database-alarms_cpu_alarm_D98184D6" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "Aurora CPU above 80%"
  alarm_name          = "platform-db-cpu-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 5
  dimensions = {
    DBClusterIdentifier = "platform-db-local"
  }
  evaluation_periods = 5
  metric_name        = "CPUUtilization"
  namespace          = "AWS/RDS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Maximum"
  threshold          = 80
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "database-alarms_connections_alarm_4E6C2241" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "More than 360 connections (80% of max_connections 450)"
  alarm_name          = "platform-db-connections-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 5
  dimensions = {
    DBClusterIdentifier = "platform-db-local"
  }
  evaluation_periods = 5
  metric_name        = "DatabaseConnections"
  namespace          = "AWS/RDS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Maximum"
  threshold          = 360
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "database-alarms_acu-utilization_alarm_F6BDC351" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "Serverless v2 capacity above 90% of max_acu 2.0"
  alarm_name          = "platform-db-acu-utilization-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 5
  dimensions = {
    DBClusterIdentifier = "platform-db-local"
  }
  evaluation_periods = 5
  metric_name        = "ACUUtilization"
  namespace          = "AWS/RDS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Average"
  threshold          = 90
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "table-catalog-alarms_throttles_alarm_A29F28DB" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "More than 10 throttled requests a minute on catalog"
  alarm_name          = "platform-catalog-throttles-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 3
  evaluation_periods  = 3
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  threshold          = 10
  treat_missing_data = "notBreaching"
  metric_query {
    id          = "rt"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-local"
      }
      metric_name = "ReadThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "wt"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-local"
      }
      metric_name = "WriteThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "ri0"
    return_data = false
    metric {
      dimensions = {
        TableName                = "platform-catalog-local"
        GlobalSecondaryIndexName = "by-category"
      }
      metric_name = "ReadThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "wi0"
    return_data = false
    metric {
      dimensions = {
        TableName                = "platform-catalog-local"
        GlobalSecondaryIndexName = "by-category"
      }
      metric_name = "WriteThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "ri1"
    return_data = false
    metric {
      dimensions = {
        TableName                = "platform-catalog-local"
        GlobalSecondaryIndexName = "by-category-price"
      }
      metric_name = "ReadThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "wi1"
    return_data = false
    metric {
      dimensions = {
        TableName                = "platform-catalog-local"
        GlobalSecondaryIndexName = "by-category-price"
      }
      metric_name = "WriteThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    expression  = "rt + wt + ri0 + wi0 + ri1 + wi1"
    id          = "e"
    label       = "throttle events"
    return_data = true
  }
}
resource "aws_cloudwatch_metric_alarm" "table-catalog-alarms_system-errors_alarm_F18D7263" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "DynamoDB answered catalog's requests with system errors"
  alarm_name          = "platform-catalog-system-errors-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 3
  evaluation_periods  = 3
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  threshold          = 0
  treat_missing_data = "notBreaching"
  metric_query {
    id          = "e0"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-local"
        Operation = "GetItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e1"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-local"
        Operation = "PutItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e2"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-local"
        Operation = "UpdateItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e3"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-local"
        Operation = "DeleteItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e4"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-local"
        Operation = "Query"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e5"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-local"
        Operation = "Scan"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e6"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-local"
        Operation = "BatchGetItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e7"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-local"
        Operation = "BatchWriteItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    expression  = "e0 + e1 + e2 + e3 + e4 + e5 + e6 + e7"
    id          = "e"
    label       = "system errors"
    return_data = true
  }
}
resource "aws_cloudwatch_metric_alarm" "table-orders-alarms_throttles_alarm_C8FBA44D" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "More than 10 throttled requests a minute on orders"
  alarm_name          = "platform-orders-throttles-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 3
  evaluation_periods  = 3
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  threshold          = 10
  treat_missing_data = "notBreaching"
  metric_query {
    id          = "rt"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-local"
      }
      metric_name = "ReadThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "wt"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-local"
      }
      metric_name = "WriteThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "ri0"
    return_data = false
    metric {
      dimensions = {
        TableName                = "platform-orders-local"
        GlobalSecondaryIndexName = "by-day"
      }
      metric_name = "ReadThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "wi0"
    return_data = false
    metric {
      dimensions = {
        TableName                = "platform-orders-local"
        GlobalSecondaryIndexName = "by-day"
      }
      metric_name = "WriteThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "ri1"
    return_data = false
    metric {
      dimensions = {
        TableName                = "platform-orders-local"
        GlobalSecondaryIndexName = "by-order-id"
      }
      metric_name = "ReadThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "wi1"
    return_data = false
    metric {
      dimensions = {
        TableName                = "platform-orders-local"
        GlobalSecondaryIndexName = "by-order-id"
      }
      metric_name = "WriteThrottleEvents"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    expression  = "rt + wt + ri0 + wi0 + ri1 + wi1"
    id          = "e"
    label       = "throttle events"
    return_data = true
  }
}
resource "aws_cloudwatch_metric_alarm" "table-orders-alarms_system-errors_alarm_6A6FDCEF" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "DynamoDB answered orders's requests with system errors"
  alarm_name          = "platform-orders-system-errors-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 3
  evaluation_periods  = 3
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-local.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  threshold          = 0
  treat_missing_data = "notBreaching"
  metric_query {
    id          = "e0"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-local"
        Operation = "GetItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e1"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-local"
        Operation = "PutItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e2"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-local"
        Operation = "UpdateItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e3"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-local"
        Operation = "DeleteItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e4"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-local"
        Operation = "Query"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e5"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-local"
        Operation = "Scan"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e6"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-local"
        Operation = "BatchGetItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "e7"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-local"
        Operation = "BatchWriteItem"
      }
      metric_name = "SystemErrors"
      namespace   = "AWS/DynamoDB"
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    expression  = "e0 + e1 + e2 + e3 + e4 + e5 + e6 + e7"
    id          = "e"
    label       = "system errors"
    return_data = true
  }
}

output "database_endpoint" {
  value = aws_rds_cluster.aurora_cluster_059EF40F.endpoint
}

output "database_reader_endpoint" {
  value = aws_rds_cluster.aurora_cluster_059EF40F.reader_endpoint
}

output "database_secret_arn" {
  value       = aws_rds_cluster.aurora_cluster_059EF40F.master_user_secret[0].secret_arn
  description = "Secrets Manager secret with the master credentials (managed by RDS)"
}

output "table_names" {
  value = {
    catalog = "${aws_dynamodb_table.table-catalog_table_A0D1EF07.name}"
    orders  = "${aws_dynamodb_table.table-orders_table_74941A96.name}"
  }
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

output "cross-stack-output-aws_rds_clusteraurora_cluster_059EF40Fmaster_user_secret0secret_arn" {
  value     = aws_rds_cluster.aurora_cluster_059EF40F.master_user_secret[0].secret_arn
  sensitive = true
}

output "cross-stack-output-aws_kms_keydatabase-key_C4D88439arn" {
  value     = aws_kms_key.database-key_C4D88439.arn
  sensitive = true
}

output "cross-stack-output-aws_dynamodb_tabletable-catalog_table_A0D1EF07arn" {
  value     = aws_dynamodb_table.table-catalog_table_A0D1EF07.arn
  sensitive = true
}

output "cross-stack-output-aws_kms_keytables-key_46438B28arn" {
  value     = aws_kms_key.tables-key_46438B28.arn
  sensitive = true
}

output "cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96arn" {
  value     = aws_dynamodb_table.table-orders_table_74941A96.arn
  sensitive = true
}

output "cross-stack-output-aws_rds_clusteraurora_cluster_059EF40Fcluster_resource_id" {
  value     = aws_rds_cluster.aurora_cluster_059EF40F.cluster_resource_id
  sensitive = true
}

output "cross-stack-output-aws_rds_clusteraurora_cluster_059EF40Fendpoint" {
  value     = aws_rds_cluster.aurora_cluster_059EF40F.endpoint
  sensitive = true
}

output "cross-stack-output-aws_rds_clusteraurora_cluster_059EF40Freader_endpoint" {
  value     = aws_rds_cluster.aurora_cluster_059EF40F.reader_endpoint
  sensitive = true
}

output "cross-stack-output-aws_dynamodb_tabletable-catalog_table_A0D1EF07name" {
  value     = aws_dynamodb_table.table-catalog_table_A0D1EF07.name
  sensitive = true
}

output "cross-stack-output-aws_dynamodb_tabletable-orders_table_74941A96name" {
  value     = aws_dynamodb_table.table-orders_table_74941A96.name
  sensitive = true
}