terraform {
  required_providers {
    aws = {
      version = "5.100.0"
      source  = "aws"
    }
  }
  backend "s3" {
    bucket       = "platform-tfstate-prod-eu-west-1"
    key          = "prod/data.tfstate"
    encrypt      = true
    region       = "eu-west-1"
    use_lockfile = true
  }

  required_version = ">= 1.10"
}

provider "aws" {
  allowed_account_ids = [
    "333333333333"
  ]
  region = "eu-west-1"
  default_tags {
    tags = {
      Project            = "platform"
      Environment        = "prod"
      Suffix             = "prod"
      Component          = "data"
      ManagedBy          = "cdktf"
      CostCenter         = "platform-prod"
      DataClassification = "confidential"
    }
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
  deletion_window_in_days = 30
  description             = "Aurora storage, snapshots, master secret and Performance Insights"
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.database-key_policy_1E0F7730.json
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_kms_alias" "database-key_alias_BD853208" {
  name          = "alias/platform-database-prod"
  target_key_id = aws_kms_key.database-key_C4D88439.key_id
}
data "aws_caller_identity" "aws-context_account_8AB0A92B" {
}
data "aws_partition" "aws-context_partition_9ECE3875" {
}
data "aws_region" "aws-context_region_DEC3537F" {
}
resource "aws_db_subnet_group" "aurora_subnets_905FE3E1" {
  description = "Isolated subnets of platform-db-prod"
  name        = "platform-db-prod"
  subnet_ids = [
    "${data.terraform_remote_state.cross-stack-reference-input-network-prod.outputs.cross-stack-output-aws_subnetvpc_isolated-0_AA05632Did}",
    "${data.terraform_remote_state.cross-stack-reference-input-network-prod.outputs.cross-stack-output-aws_subnetvpc_isolated-1_C11C78DCid}",
    "${data.terraform_remote_state.cross-stack-reference-input-network-prod.outputs.cross-stack-output-aws_subnetvpc_isolated-2_7C571436id}"
  ]
}
resource "aws_security_group" "aurora_sg_group_E41A5771" {
  description            = "platform-db-prod: PostgreSQL from the app tier only"
  name                   = "platform-db-prod"
  revoke_rules_on_delete = true
  tags = {
    Name = "platform-db-prod"
  }
  vpc_id = data.terraform_remote_state.cross-stack-reference-input-network-prod.outputs.cross-stack-output-aws_vpcvpc_6776A399id
}
resource "aws_vpc_security_group_ingress_rule" "aurora_from-app-in_537E913F" {
  description                  = "PostgreSQL from the app tier"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = data.terraform_remote_state.cross-stack-reference-input-network-prod.outputs.cross-stack-output-aws_security_groupapp-sg_group_E16EC950id
  security_group_id            = aws_security_group.aurora_sg_group_E41A5771.id
  to_port                      = 5432
}
resource "aws_vpc_security_group_egress_rule" "aurora_from-app-out_9EEF42FC" {
  description                  = "PostgreSQL from the app tier"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.aurora_sg_group_E41A5771.id
  security_group_id            = data.terraform_remote_state.cross-stack-reference-input-network-prod.outputs.cross-stack-output-aws_security_groupapp-sg_group_E16EC950id
  to_port                      = 5432
}
resource "aws_rds_cluster_parameter_group" "aurora_parameters_3B993369" {
  description = "platform-db-prod: TLS only, connection and slow-query logging"
  family      = "aurora-postgresql16"
  name        = "platform-db-prod"
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
  kms_key_id        = data.terraform_remote_state.cross-stack-reference-input-network-prod.outputs.cross-stack-output-aws_kms_keylogs-key_44F95A88arn
  name              = "/aws/rds/cluster/platform-db-prod/postgresql"
  retention_in_days = 365
}
resource "aws_rds_cluster" "aurora_cluster_059EF40F" {
  backup_retention_period         = 14
  cluster_identifier              = "platform-db-prod"
  copy_tags_to_snapshot           = true
  database_name                   = "app"
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.aurora_parameters_3B993369.name
  db_subnet_group_name            = aws_db_subnet_group.aurora_subnets_905FE3E1.name
  deletion_protection             = true
  enabled_cloudwatch_logs_exports = [
    "postgresql"
  ]
  engine                              = "aurora-postgresql"
  engine_mode                         = "provisioned"
  engine_version                      = "16.4"
  final_snapshot_identifier           = "platform-db-final-prod"
  iam_database_authentication_enabled = true
  kms_key_id                          = aws_kms_key.database-key_C4D88439.arn
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = aws_kms_key.database-key_C4D88439.arn
  master_username                     = "app_admin"
  port                                = 5432
  preferred_backup_window             = "03:00-04:00"
  preferred_maintenance_window        = "sun:04:30-sun:05:30"
  skip_final_snapshot                 = false
  storage_encrypted                   = true
  vpc_security_group_ids = [
    "${aws_security_group.aurora_sg_group_E41A5771.id}"
  ]
  serverlessv2_scaling_configuration {
    max_capacity = 16
    min_capacity = 1
  }
  depends_on = [
    "aws_cloudwatch_log_group.aurora_logs_group_1E009527",
  ]
  lifecycle {
    prevent_destroy = true
  }
}
data "aws_iam_policy_document" "aurora_monitoring-trust_5AE9BAA6" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    principals {
      identifiers = [
        "monitoring.rds.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "aurora_monitoring-role_DB848809" {
  assume_role_policy = data.aws_iam_policy_document.aurora_monitoring-trust_5AE9BAA6.json
  name               = "platform-db-monitoring-prod"
}
resource "aws_iam_role_policy_attachment" "aurora_monitoring-policy_5BFD2EA1" {
  policy_arn = "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
  role       = aws_iam_role.aurora_monitoring-role_DB848809.name
}
resource "aws_rds_cluster_instance" "aurora_instance-0_95C7384D" {
  auto_minor_version_upgrade            = true
  cluster_identifier                    = aws_rds_cluster.aurora_cluster_059EF40F.id
  engine                                = "aurora-postgresql"
  engine_version                        = "16.4"
  identifier                            = "platform-db-0-prod"
  instance_class                        = "db.serverless"
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.aurora_monitoring-role_DB848809.arn
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.database-key_C4D88439.arn
  performance_insights_retention_period = 7
  promotion_tier                        = 0
  publicly_accessible                   = false
}
resource "aws_rds_cluster_instance" "aurora_instance-1_9808E0A1" {
  auto_minor_version_upgrade            = true
  cluster_identifier                    = aws_rds_cluster.aurora_cluster_059EF40F.id
  engine                                = "aurora-postgresql"
  engine_version                        = "16.4"
  identifier                            = "platform-db-1-prod"
  instance_class                        = "db.serverless"
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.aurora_monitoring-role_DB848809.arn
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.database-key_C4D88439.arn
  performance_insights_retention_period = 7
  promotion_tier                        = 1
  publicly_accessible                   = false
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
  deletion_window_in_days = 30
  description             = "DynamoDB tables (multi-Region, so global-table replicas can use replicas of it)"
  enable_key_rotation     = true
  multi_region            = true
  policy                  = data.aws_iam_policy_document.tables-key_policy_D70D0A7F.json
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_kms_alias" "tables-key_alias_1C99AC58" {
  name          = "alias/platform-tables-prod"
  target_key_id = aws_kms_key.tables-key_46438B28.key_id
}
resource "aws_dynamodb_table" "table-catalog_table_A0D1EF07" {
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = true
  hash_key                    = "PK"
  name                        = "platform-catalog-prod"
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
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_dynamodb_table" "table-orders_table_74941A96" {
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = true
  hash_key                    = "user_id"
  name                        = "platform-orders-prod"
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
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_cloudwatch_metric_alarm" "database-alarms_cpu_alarm_D98184D6" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "Aurora CPU above 80%"
  alarm_name          = "platform-db-cpu-prod"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 5
  dimensions = {
    DBClusterIdentifier = "platform-db-prod"
  }
  evaluation_periods = 5
  metric_name        = "CPUUtilization"
  namespace          = "AWS/RDS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Maximum"
  threshold          = 80
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "database-alarms_connections_alarm_4E6C2241" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "More than 2883 connections (80% of max_connections 3604)"
  alarm_name          = "platform-db-connections-prod"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 5
  dimensions = {
    DBClusterIdentifier = "platform-db-prod"
  }
  evaluation_periods = 5
  metric_name        = "DatabaseConnections"
  namespace          = "AWS/RDS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Maximum"
  threshold          = 2883
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "database-alarms_acu-utilization_alarm_F6BDC351" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "Serverless v2 capacity above 90% of max_acu 16"
  alarm_name          = "platform-db-acu-utilization-prod"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 5
  dimensions = {
    DBClusterIdentifier = "platform-db-prod"
  }
  evaluation_periods = 5
  metric_name        = "ACUUtilization"
  namespace          = "AWS/RDS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Average"
  threshold          = 90
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "database-alarms_replica-lag_alarm_E77953D7" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "A reader lags more than 30.0s behind the writer"
  alarm_name          = "platform-db-replica-lag-prod"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 5
  dimensions = {
    DBClusterIdentifier = "platform-db-prod"
  }
  evaluation_periods = 5
  metric_name        = "AuroraReplicaLagMaximum"
  namespace          = "AWS/RDS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  period             = 60
  statistic          = "Maximum"
  threshold          = 30000
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "table-catalog-alarms_throttles_alarm_A29F28DB" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "More than 10 throttled requests a minute on catalog"
  alarm_name          = "platform-catalog-throttles-prod"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 3
  evaluation_periods  = 3
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  threshold          = 10
  treat_missing_data = "notBreaching"
  metric_query {
    id          = "rt"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-prod"
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
        TableName = "platform-catalog-prod"
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
        TableName                = "platform-catalog-prod"
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
        TableName                = "platform-catalog-prod"
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
        TableName                = "platform-catalog-prod"
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
        TableName                = "platform-catalog-prod"
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
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "DynamoDB answered catalog's requests with system errors"
  alarm_name          = "platform-catalog-system-errors-prod"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 3
  evaluation_periods  = 3
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  threshold          = 0
  treat_missing_data = "notBreaching"
  metric_query {
    id          = "e0"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-catalog-prod"
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
        TableName = "platform-catalog-prod"
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
        TableName = "platform-catalog-prod"
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
        TableName = "platform-catalog-prod"
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
        TableName = "platform-catalog-prod"
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
        TableName = "platform-catalog-prod"
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
        TableName = "platform-catalog-prod"
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
        TableName = "platform-catalog-prod"
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
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "More than 10 throttled requests a minute on orders"
  alarm_name          = "platform-orders-throttles-prod"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 3
  evaluation_periods  = 3
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  threshold          = 10
  treat_missing_data = "notBreaching"
  metric_query {
    id          = "rt"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-prod"
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
        TableName = "platform-orders-prod"
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
        TableName                = "platform-orders-prod"
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
        TableName                = "platform-orders-prod"
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
        TableName                = "platform-orders-prod"
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
        TableName                = "platform-orders-prod"
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
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  alarm_description   = "DynamoDB answered orders's requests with system errors"
  alarm_name          = "platform-orders-system-errors-prod"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 3
  evaluation_periods  = 3
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-messaging-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}"
  ]
  threshold          = 0
  treat_missing_data = "notBreaching"
  metric_query {
    id          = "e0"
    return_data = false
    metric {
      dimensions = {
        TableName = "platform-orders-prod"
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
        TableName = "platform-orders-prod"
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
        TableName = "platform-orders-prod"
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
        TableName = "platform-orders-prod"
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
        TableName = "platform-orders-prod"
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
        TableName = "platform-orders-prod"
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
        TableName = "platform-orders-prod"
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
        TableName = "platform-orders-prod"
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
data "terraform_remote_state" "cross-stack-reference-input-network-prod" {
  backend   = "s3"
  workspace = terraform.workspace
  config = {
    bucket  = "platform-tfstate-prod-eu-west-1"
    key     = "prod/network.tfstate"
    encrypt = true
    region  = "eu-west-1"
  }
}
data "terraform_remote_state" "cross-stack-reference-input-messaging-prod" {
  backend   = "s3"
  workspace = terraform.workspace
  config = {
    bucket  = "platform-tfstate-prod-eu-west-1"
    key     = "prod/messaging.tfstate"
    encrypt = true
    region  = "eu-west-1"
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