terraform {
  required_providers {
    aws = {
      version = "5.100.0"
      source  = "aws"
    }
  }
  backend "s3" {
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
      Component   = "network"
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
resource "aws_vpc" "vpc_6776A399" {
  cidr_block           = "10.10.0.0/16"
  enable_dns_hostnames = true
  enable_dns_support   = true
  tags = {
    Name = "platform-vpc-local"
  }
}
resource "aws_default_security_group" "vpc_default-sg_883082C2" {


  tags = {
    Name = "platform-vpc-local-default-unused"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_internet_gateway" "vpc_igw_E5E304CC" {
  tags = {
    Name = "platform-vpc-local"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_subnet" "vpc_public-0_B01643AC" {
  availability_zone       = "us-east-1a"
  cidr_block              = "10.10.128.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "platform-vpc-local-public-0"
    Tier = "public"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_subnet" "vpc_public-1_75390BAE" {
  availability_zone       = "us-east-1b"
  cidr_block              = "10.10.129.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "platform-vpc-local-public-1"
    Tier = "public"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_subnet" "vpc_private-0_BC0C0085" {
  availability_zone       = "us-east-1a"
  cidr_block              = "10.10.0.0/20"
  map_public_ip_on_launch = false
  tags = {
    Name = "platform-vpc-local-private-0"
    Tier = "private"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_subnet" "vpc_private-1_94F31C2E" {
  availability_zone       = "us-east-1b"
  cidr_block              = "10.10.16.0/20"
  map_public_ip_on_launch = false
  tags = {
    Name = "platform-vpc-local-private-1"
    Tier = "private"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_subnet" "vpc_isolated-0_AA05632D" {
  availability_zone       = "us-east-1a"
  cidr_block              = "10.10.192.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "platform-vpc-local-isolated-0"
    Tier = "isolated"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_subnet" "vpc_isolated-1_C11C78DC" {
  availability_zone       = "us-east-1b"
  cidr_block              = "10.10.193.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "platform-vpc-local-isolated-1"
    Tier = "isolated"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_route_table" "vpc_public-routes_BDA69942" {
  tags = {
    Name = "platform-vpc-local-public"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_route_table_association" "vpc_public-routes-0_AB1C408E" {
  route_table_id = aws_route_table.vpc_public-routes_BDA69942.id
  subnet_id      = aws_subnet.vpc_public-0_B01643AC.id
}
resource "aws_route_table_association" "vpc_public-routes-1_A33FED97" {
  route_table_id = aws_route_table.vpc_public-routes_BDA69942.id
  subnet_id      = aws_subnet.vpc_public-1_75390BAE.id
}
resource "aws_route" "vpc_public-default_404993E7" {
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.vpc_igw_E5E304CC.id
  route_table_id         = aws_route_table.vpc_public-routes_BDA69942.id
}
resource "aws_eip" "vpc_nat-ip-0_4E67AA26" {
  domain = "vpc"
  tags = {
    Name = "platform-vpc-local-nat-0"
  }
  depends_on = [
    "aws_internet_gateway.vpc_igw_E5E304CC",
  ]
}
resource "aws_nat_gateway" "vpc_nat-0_475420CF" {
  allocation_id = aws_eip.vpc_nat-ip-0_4E67AA26.id
  subnet_id     = aws_subnet.vpc_public-0_B01643AC.id
  tags = {
    Name = "platform-vpc-local-nat-0"
  }
}
resource "aws_route_table" "vpc_private-0-routes_E9BAEBFD" {
  tags = {
    Name = "platform-vpc-local-private-0"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_route_table_association" "vpc_private-0-routes-0_FABE21E2" {
  route_table_id = aws_route_table.vpc_private-0-routes_E9BAEBFD.id
  subnet_id      = aws_subnet.vpc_private-0_BC0C0085.id
}
resource "aws_route" "vpc_private-0-default_24C295F5" {
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.vpc_nat-0_475420CF.id
  route_table_id         = aws_route_table.vpc_private-0-routes_E9BAEBFD.id
}
resource "aws_route_table" "vpc_private-1-routes_950A012C" {
  tags = {
    Name = "platform-vpc-local-private-1"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_route_table_association" "vpc_private-1-routes-0_80F04BD2" {
  route_table_id = aws_route_table.vpc_private-1-routes_950A012C.id
  subnet_id      = aws_subnet.vpc_private-1_94F31C2E.id
}
resource "aws_route" "vpc_private-1-default_4E5DB656" {
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.vpc_nat-0_475420CF.id
  route_table_id         = aws_route_table.vpc_private-1-routes_950A012C.id
}
resource "aws_route_table" "vpc_isolated-routes_CCA1779B" {
  tags = {
    Name = "platform-vpc-local-isolated"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_route_table_association" "vpc_isolated-routes-0_B24B16EA" {
  route_table_id = aws_route_table.vpc_isolated-routes_CCA1779B.id
  subnet_id      = aws_subnet.vpc_isolated-0_AA05632D.id
}
resource "aws_route_table_association" "vpc_isolated-routes-1_44B5DCDC" {
  route_table_id = aws_route_table.vpc_isolated-routes_CCA1779B.id
  subnet_id      = aws_subnet.vpc_isolated-1_C11C78DC.id
}
data "aws_region" "vpc_region_87DA23C9" {
}
resource "aws_vpc_endpoint" "vpc_s3-endpoint_5A7CA6B0" {
  route_table_ids = [
    "${aws_route_table.vpc_private-0-routes_E9BAEBFD.id}",
    "${aws_route_table.vpc_private-1-routes_950A012C.id}",
    "${aws_route_table.vpc_isolated-routes_CCA1779B.id}"
  ]
  service_name = "com.amazonaws.${data.aws_region.vpc_region_87DA23C9.name}.s3"
  tags = {
    Name = "platform-vpc-local-s3"
  }
  vpc_endpoint_type = "Gateway"
  vpc_id            = aws_vpc.vpc_6776A399.id
}
resource "aws_vpc_endpoint" "vpc_dynamodb-endpoint_37CD4AF0" {
  route_table_ids = [
    "${aws_route_table.vpc_private-0-routes_E9BAEBFD.id}",
    "${aws_route_table.vpc_private-1-routes_950A012C.id}",
    "${aws_route_table.vpc_isolated-routes_CCA1779B.id}"
  ]
  service_name = "com.amazonaws.${data.aws_region.vpc_region_87DA23C9.name}.dynamodb"
  tags = {
    Name = "platform-vpc-local-dynamodb"
  }
  vpc_endpoint_type = "Gateway"
  vpc_id            = aws_vpc.vpc_6776A399.id
}
data "aws_caller_identity" "aws-context_account_8AB0A92B" {
}
data "aws_partition" "aws-context_partition_9ECE3875" {
}
data "aws_region" "aws-context_region_DEC3537F" {
}
data "aws_iam_policy_document" "logs-key_policy_AD7C104E" {
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
}
resource "aws_kms_key" "logs-key_44F95A88" {
  deletion_window_in_days = 7
  description             = "CloudWatch Logs encryption (flow logs, database and service logs)"
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.logs-key_policy_AD7C104E.json
}
resource "aws_kms_alias" "logs-key_alias_E8306681" {
  name          = "alias/platform-logs-local"
  target_key_id = aws_kms_key.logs-key_44F95A88.key_id
}
resource "aws_cloudwatch_log_group" "flow-logs_group_7F97BCAB" {
  kms_key_id        = aws_kms_key.logs-key_44F95A88.arn
  name              = "platform-vpc-flow-logs-local"
  retention_in_days = 7
}
data "aws_iam_policy_document" "flow-logs_trust_D378090D" {
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
        "vpc-flow-logs.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "flow-logs_role_B4B87A12" {
  assume_role_policy = data.aws_iam_policy_document.flow-logs_trust_D378090D.json
  name               = "platform-vpc-flow-logs-local"
}
data "aws_iam_policy_document" "flow-logs_write-policy_63CBD219" {
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:DescribeLogStreams"
    ]
    effect = "Allow"
    resources = [
      "${aws_cloudwatch_log_group.flow-logs_group_7F97BCAB.arn}",
      "${aws_cloudwatch_log_group.flow-logs_group_7F97BCAB.arn}:*"
    ]
  }
}
resource "aws_iam_role_policy" "flow-logs_write_F00D325D" {
  name   = "write-flow-logs"
  policy = data.aws_iam_policy_document.flow-logs_write-policy_63CBD219.json
  role   = aws_iam_role.flow-logs_role_B4B87A12.id
}
resource "aws_flow_log" "flow-logs_flow-log_2E4F04EC" {
  iam_role_arn             = aws_iam_role.flow-logs_role_B4B87A12.arn
  log_destination          = aws_cloudwatch_log_group.flow-logs_group_7F97BCAB.arn
  log_destination_type     = "cloud-watch-logs"
  max_aggregation_interval = 60
  traffic_type             = "ALL"
  vpc_id                   = aws_vpc.vpc_6776A399.id
}
resource "aws_security_group" "app-sg_group_E16EC950" {
  description            = "API tasks: ingress from the load balancer, egress to the database and HTTPS"
  name                   = "platform-app-local"
  revoke_rules_on_delete = true
  tags = {
    Name = "platform-app-local"
  }
  vpc_id = aws_vpc.vpc_6776A399.id
}
resource "aws_vpc_security_group_egress_rule" "app-sg_https-out_989BFFB5" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTPS to AWS APIs and registries"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.app-sg_group_E16EC950.id
  to_port           = 443
  lifecycle {
    ignore_changes = [
      "description",
    ]
  }
}
resource "aws_route53_zone" "dns_zone_2E2729FB" {
  comment       = "Managed by cdktf"
  force_destroy = false
  name          = "local.platform.test"
  tags = {
    Name = "local.platform.test"
  }
}

output "name_servers" {
  value       = aws_route53_zone.dns_zone_2E2729FB.name_servers
  description = "Delegate local.platform.test to these (an NS record in its parent zone)"
}

output "cross-stack-output-aws_subnetvpc_isolated-0_AA05632Did" {
  value     = aws_subnet.vpc_isolated-0_AA05632D.id
  sensitive = true
}

output "cross-stack-output-aws_subnetvpc_isolated-1_C11C78DCid" {
  value     = aws_subnet.vpc_isolated-1_C11C78DC.id
  sensitive = true
}

output "cross-stack-output-aws_vpcvpc_6776A399id" {
  value     = aws_vpc.vpc_6776A399.id
  sensitive = true
}

output "cross-stack-output-aws_security_groupapp-sg_group_E16EC950id" {
  value     = aws_security_group.app-sg_group_E16EC950.id
  sensitive = true
}

output "cross-stack-output-aws_kms_keylogs-key_44F95A88arn" {
  value     = aws_kms_key.logs-key_44F95A88.arn
  sensitive = true
}

output "cross-stack-output-aws_route53_zonedns_zone_2E2729FBzone_id" {
  value     = aws_route53_zone.dns_zone_2E2729FB.zone_id
  sensitive = true
}

output "cross-stack-output-aws_subnetvpc_public-0_B01643ACid" {
  value     = aws_subnet.vpc_public-0_B01643AC.id
  sensitive = true
}

output "cross-stack-output-aws_subnetvpc_public-1_75390BAEid" {
  value     = aws_subnet.vpc_public-1_75390BAE.id
  sensitive = true
}

output "cross-stack-output-aws_subnetvpc_private-0_BC0C0085id" {
  value     = aws_subnet.vpc_private-0_BC0C0085.id
  sensitive = true
}

output "cross-stack-output-aws_subnetvpc_private-1_94F31C2Eid" {
  value     = aws_subnet.vpc_private-1_94F31C2E.id
  sensitive = true
}