terraform {
  required_providers {
    aws = {
      version = "5.100.0"
      source  = "aws"
    }
  }
  backend "s3" {
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
      Component   = "messaging"
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
data "aws_iam_policy_document" "messaging-key_policy_7E80412D" {
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
      "kms:GenerateDataKey*",
      "kms:Decrypt"
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
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:sns:${data.aws_region.aws-context_region_DEC3537F.name}:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:platform-orders-local"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "sns.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
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
        "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:cloudwatch:${data.aws_region.aws-context_region_DEC3537F.name}:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:alarm:platform-*-local"
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
        "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:events:${data.aws_region.aws-context_region_DEC3537F.name}:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:rule/platform-*-local"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "events.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_kms_key" "messaging-key_48BA1416" {
  deletion_window_in_days = 7
  description             = "SNS topics, SQS queues and their dead-letter queues, the alarm topic"
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.messaging-key_policy_7E80412D.json
}
resource "aws_kms_alias" "messaging-key_alias_A8406F6A" {
  name          = "alias/platform-messaging-local"
  target_key_id = aws_kms_key.messaging-key_48BA1416.key_id
}
resource "aws_sns_topic" "alarm-topic_D89A1C02" {
  kms_master_key_id = aws_kms_key.messaging-key_48BA1416.arn
  name              = "platform-alarms-local"
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
        "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:cloudwatch:${data.aws_region.aws-context_region_DEC3537F.name}:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:alarm:platform-*-local"
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
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Allow"
    resources = [
      "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
    ]
    sid = "EventRulesPublish"
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
        "arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:events:${data.aws_region.aws-context_region_DEC3537F.name}:${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}:rule/platform-*-local"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "events.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_sns_topic_policy" "alarm-topic_policy_BF9A07B7" {
  arn    = aws_sns_topic.alarm-topic_D89A1C02.arn
  policy = data.aws_iam_policy_document.alarm-topic_policy-document_7E13CDA7.json
}
resource "aws_sns_topic" "topic-orders_topic_665B92EF" {
  kms_master_key_id = aws_kms_key.messaging-key_48BA1416.arn
  name              = "platform-orders-local"
}
data "aws_iam_policy_document" "topic-orders_policy-document_2E4CD897" {
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Deny"
    resources = [
      "${aws_sns_topic.topic-orders_topic_665B92EF.arn}"
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
resource "aws_sns_topic_policy" "topic-orders_policy_3C02581E" {
  arn    = aws_sns_topic.topic-orders_topic_665B92EF.arn
  policy = data.aws_iam_policy_document.topic-orders_policy-document_2E4CD897.json
}
resource "aws_sqs_queue" "queue-order-processing_dlq_E5C88043" {
  kms_master_key_id         = aws_kms_key.messaging-key_48BA1416.arn
  message_retention_seconds = 1209600
  name                      = "platform-order-processing-dlq-local"
  lifecycle {
    ignore_changes = [
      "redrive_policy",
    ]
  }
}
resource "aws_sqs_queue" "queue-order-processing_queue_9EFBD271" {
  kms_master_key_id          = aws_kms_key.messaging-key_48BA1416.arn
  message_retention_seconds  = 345600
  name                       = "platform-order-processing-local"
  redrive_policy             = jsonencode({ "deadLetterTargetArn" = aws_sqs_queue.queue-order-processing_dlq_E5C88043.arn, "maxReceiveCount" = 5 })
  visibility_timeout_seconds = 60
  lifecycle {
    ignore_changes = [
      "redrive_policy",
    ]
  }
}
data "aws_iam_policy_document" "queue-order-processing_dlq-policy-document_661C245B" {
  statement {
    actions = [
      "sqs:*"
    ]
    effect = "Deny"
    resources = [
      "${aws_sqs_queue.queue-order-processing_dlq_E5C88043.arn}"
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
resource "aws_sqs_queue_policy" "queue-order-processing_dlq-policy_9F83467A" {
  policy    = data.aws_iam_policy_document.queue-order-processing_dlq-policy-document_661C245B.json
  queue_url = aws_sqs_queue.queue-order-processing_dlq_E5C88043.url
}
data "aws_iam_policy_document" "queue-order-processing_policy-document_8C2AA144" {
  statement {
    actions = [
      "sqs:*"
    ]
    effect = "Deny"
    resources = [
      "${aws_sqs_queue.queue-order-processing_queue_9EFBD271.arn}"
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
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "${aws_sqs_queue.queue-order-processing_queue_9EFBD271.arn}"
    ]
    sid = "TopicSends"
    condition {
      test = "ArnEquals"
      values = [
        "${aws_sns_topic.topic-orders_topic_665B92EF.arn}"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "sns.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_sqs_queue_policy" "queue-order-processing_policy_4BFEB709" {
  policy    = data.aws_iam_policy_document.queue-order-processing_policy-document_8C2AA144.json
  queue_url = aws_sqs_queue.queue-order-processing_queue_9EFBD271.url
}
resource "aws_sns_topic_subscription" "queue-order-processing_subscription_C02408C7" {
  endpoint             = aws_sqs_queue.queue-order-processing_queue_9EFBD271.arn
  protocol             = "sqs"
  raw_message_delivery = false
  topic_arn            = aws_sns_topic.topic-orders_topic_665B92EF.arn
  depends_on = [
    "aws_sqs_queue_policy.queue-order-processing_policy_4BFEB709",
  ]
}
resource "aws_cloudwatch_metric_alarm" "queue-order-processing_dlq-messages-alarm_D2560019" {
  alarm_actions = [
    "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
  ]
  alarm_description   = "Messages failed processing and wait in the dead-letter queue"
  alarm_name          = "platform-order-processing-dlq-messages-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 1
  dimensions = {
    QueueName = "${aws_sqs_queue.queue-order-processing_dlq_E5C88043.name}"
  }
  evaluation_periods = 1
  metric_name        = "ApproximateNumberOfMessagesVisible"
  namespace          = "AWS/SQS"
  ok_actions = [
    "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 0
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "queue-order-processing_oldest-message-alarm_BF6C3778" {
  alarm_actions = [
    "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
  ]
  alarm_description   = "A message waits longer than 900s: consumers are behind or down"
  alarm_name          = "platform-order-processing-oldest-message-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 1
  dimensions = {
    QueueName = "${aws_sqs_queue.queue-order-processing_queue_9EFBD271.name}"
  }
  evaluation_periods = 1
  metric_name        = "ApproximateAgeOfOldestMessage"
  namespace          = "AWS/SQS"
  ok_actions = [
    "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 900
  treat_missing_data = "notBreaching"
}
resource "aws_sqs_queue" "queue-notifications_dlq_2F810A87" {
  kms_master_key_id         = aws_kms_key.messaging-key_48BA1416.arn
  message_retention_seconds = 1209600
  name                      = "platform-notifications-dlq-local"
  lifecycle {
    ignore_changes = [
      "redrive_policy",
    ]
  }
}
resource "aws_sqs_queue" "queue-notifications_queue_8F76BF7B" {
  kms_master_key_id          = aws_kms_key.messaging-key_48BA1416.arn
  message_retention_seconds  = 345600
  name                       = "platform-notifications-local"
  redrive_policy             = jsonencode({ "deadLetterTargetArn" = aws_sqs_queue.queue-notifications_dlq_2F810A87.arn, "maxReceiveCount" = 5 })
  visibility_timeout_seconds = 30
  lifecycle {
    ignore_changes = [
      "redrive_policy",
    ]
  }
}
data "aws_iam_policy_document" "queue-notifications_dlq-policy-document_55944262" {
  statement {
    actions = [
      "sqs:*"
    ]
    effect = "Deny"
    resources = [
      "${aws_sqs_queue.queue-notifications_dlq_2F810A87.arn}"
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
resource "aws_sqs_queue_policy" "queue-notifications_dlq-policy_E3F3DA5A" {
  policy    = data.aws_iam_policy_document.queue-notifications_dlq-policy-document_55944262.json
  queue_url = aws_sqs_queue.queue-notifications_dlq_2F810A87.url
}
data "aws_iam_policy_document" "queue-notifications_policy-document_50A9E72E" {
  statement {
    actions = [
      "sqs:*"
    ]
    effect = "Deny"
    resources = [
      "${aws_sqs_queue.queue-notifications_queue_8F76BF7B.arn}"
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
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "${aws_sqs_queue.queue-notifications_queue_8F76BF7B.arn}"
    ]
    sid = "TopicSends"
    condition {
      test = "ArnEquals"
      values = [
        "${aws_sns_topic.topic-orders_topic_665B92EF.arn}"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "sns.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_sqs_queue_policy" "queue-notifications_policy_D9808609" {
  policy    = data.aws_iam_policy_document.queue-notifications_policy-document_50A9E72E.json
  queue_url = aws_sqs_queue.queue-notifications_queue_8F76BF7B.url
}
resource "aws_sns_topic_subscription" "queue-notifications_subscription_40C38985" {
  endpoint             = aws_sqs_queue.queue-notifications_queue_8F76BF7B.arn
  filter_policy        = "{\"event_type\":[\"order_placed\",\"order_shipped\"]}"
  protocol             = "sqs"
  raw_message_delivery = true
  topic_arn            = aws_sns_topic.topic-orders_topic_665B92EF.arn
  depends_on = [
    "aws_sqs_queue_policy.queue-notifications_policy_D9808609",
  ]
}
resource "aws_cloudwatch_metric_alarm" "queue-notifications_dlq-messages-alarm_D45C86DF" {
  alarm_actions = [
    "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
  ]
  alarm_description   = "Messages failed processing and wait in the dead-letter queue"
  alarm_name          = "platform-notifications-dlq-messages-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 1
  dimensions = {
    QueueName = "${aws_sqs_queue.queue-notifications_dlq_2F810A87.name}"
  }
  evaluation_periods = 1
  metric_name        = "ApproximateNumberOfMessagesVisible"
  namespace          = "AWS/SQS"
  ok_actions = [
    "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 0
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "queue-notifications_oldest-message-alarm_155A74B2" {
  alarm_actions = [
    "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
  ]
  alarm_description   = "A message waits longer than 900s: consumers are behind or down"
  alarm_name          = "platform-notifications-oldest-message-local"
  comparison_operator = "GreaterThanThreshold"
  datapoints_to_alarm = 1
  dimensions = {
    QueueName = "${aws_sqs_queue.queue-notifications_queue_8F76BF7B.name}"
  }
  evaluation_periods = 1
  metric_name        = "ApproximateAgeOfOldestMessage"
  namespace          = "AWS/SQS"
  ok_actions = [
    "${aws_sns_topic.alarm-topic_D89A1C02.arn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 900
  treat_missing_data = "notBreaching"
}

output "queue_urls" {
  value = {
    order-processing = "${aws_sqs_queue.queue-order-processing_queue_9EFBD271.url}"
    notifications    = "${aws_sqs_queue.queue-notifications_queue_8F76BF7B.url}"
  }
}

output "topic_arns" {
  value = {
    orders = "${aws_sns_topic.topic-orders_topic_665B92EF.arn}"
  }
}

output "cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn" {
  value     = aws_sns_topic.alarm-topic_D89A1C02.arn
  sensitive = true
}

output "cross-stack-output-aws_sns_topictopic-orders_topic_665B92EFarn" {
  value     = aws_sns_topic.topic-orders_topic_665B92EF.arn
  sensitive = true
}

output "cross-stack-output-aws_kms_keymessaging-key_48BA1416arn" {
  value     = aws_kms_key.messaging-key_48BA1416.arn
  sensitive = true
}

output "cross-stack-output-aws_sqs_queuequeue-order-processing_queue_9EFBD271arn" {
  value     = aws_sqs_queue.queue-order-processing_queue_9EFBD271.arn
  sensitive = true
}

output "cross-stack-output-aws_sqs_queuequeue-order-processing_queue_9EFBD271url" {
  value     = aws_sqs_queue.queue-order-processing_queue_9EFBD271.url
  sensitive = true
}