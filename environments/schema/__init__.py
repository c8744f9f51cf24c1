"""The typed configuration of one environment, one module per component.

Frozen dataclasses with documented defaults. Each section knows its own rules
(``problems(at)`` returns one actionable line per broken rule, prefixed with the field's
path); ``Environment.validate()`` collects the lines of every section and raises them all at
once in a ``ConfigError``. Environment files (``environments/dev.py`` ...) state only what
differs from these defaults.
"""

from __future__ import annotations

from environments.schema.alarms import AlarmsConfig
from environments.schema.broker import BrokerConfig
from environments.schema.cache import CacheConfig
from environments.schema.cdn import CdnConfig
from environments.schema.data_alarms import DatabaseAlarmsConfig, TableAlarmsConfig
from environments.schema.database import DatabaseConfig
from environments.schema.discovery import DiscoveryConfig
from environments.schema.dns import DomainConfig
from environments.schema.email import EmailConfig
from environments.schema.emulator import EmulatorConfig
from environments.schema.environment import IDENTITY_TAGS, Environment
from environments.schema.files import FilesConfig, Volume, VolumeConfig
from environments.schema.formats import ImageReference, parse_image
from environments.schema.functions import FunctionConfig
from environments.schema.http_api import HttpApiConfig, RouteKey, parse_route
from environments.schema.identity import AppClientConfig, IdentityConfig, PasswordPolicyConfig
from environments.schema.messaging import ALARM_TOPIC, MessagingConfig, QueueConfig, TopicConfig
from environments.schema.network import NetworkConfig
from environments.schema.pipeline import PipelineConfig, github_environment
from environments.schema.protection import ProtectionConfig
from environments.schema.registry import RegistryConfig
from environments.schema.rules import (
    ATTRIBUTE_NAME_PATTERN,
    CLOUDFRONT_PRICE_CLASSES,
    FARGATE_MEMORY,
    HEALTH_CHECK_PATH,
    LOG_RETENTION_DAYS,
    LOGICAL_NAME_PATTERN,
    QUEUE_NAME_PATTERN,
    S3_BUCKET_RULES,
    ConfigError,
    bucket_name_problems,
)
from environments.schema.service import CapacityConfig, HealthCheckConfig, ServiceConfig
from environments.schema.services import (
    Grants,
    ScheduledTaskConfig,
    ServiceSpec,
    WebServiceConfig,
    WorkerConfig,
)
from environments.schema.state import StateConfig
from environments.schema.tables import AttributeType, IndexConfig, TableConfig
from environments.schema.tracing import TracingConfig
from environments.schema.vms import VmConfig

__all__ = [
    "HttpApiConfig",
    "RouteKey",
    "parse_route",
    "FunctionConfig",
    "VmConfig",
    "AppClientConfig",
    "IdentityConfig",
    "PasswordPolicyConfig",
    "ATTRIBUTE_NAME_PATTERN",
    "CLOUDFRONT_PRICE_CLASSES",
    "ConfigError",
    "FARGATE_MEMORY",
    "HEALTH_CHECK_PATH",
    "LOGICAL_NAME_PATTERN",
    "LOG_RETENTION_DAYS",
    "QUEUE_NAME_PATTERN",
    "S3_BUCKET_RULES",
    "bucket_name_problems",
    "NetworkConfig",
    "ProtectionConfig",
    "RegistryConfig",
    "StateConfig",
    "CacheConfig",
    "DatabaseConfig",
    "AttributeType",
    "IndexConfig",
    "TableConfig",
    "TracingConfig",
    "ALARM_TOPIC",
    "MessagingConfig",
    "QueueConfig",
    "TopicConfig",
    "CapacityConfig",
    "HealthCheckConfig",
    "ServiceConfig",
    "Grants",
    "ScheduledTaskConfig",
    "ServiceSpec",
    "WebServiceConfig",
    "WorkerConfig",
    "DatabaseAlarmsConfig",
    "TableAlarmsConfig",
    "CdnConfig",
    "DomainConfig",
    "DiscoveryConfig",
    "EmailConfig",
    "AlarmsConfig",
    "EmulatorConfig",
    "FilesConfig",
    "BrokerConfig",
    "Volume",
    "VolumeConfig",
    "Environment",
    "PipelineConfig",
    "github_environment",
    "IDENTITY_TAGS",
    "ImageReference",
    "parse_image",
]
