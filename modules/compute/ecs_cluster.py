"""An ECS cluster for Fargate, with FARGATE and FARGATE_SPOT capacity providers.

The default strategy runs the first ``on_demand_base`` tasks on on-demand FARGATE and spreads
the rest by weight; a weight of 0 with no base leaves that provider out of the strategy (it
stays available to services that ask for it).
"""

from __future__ import annotations

from dataclasses import dataclass

from environments.schema import CapacityConfig, ServiceConfig
from modules.core.framework import Construct, aws
from modules.observability.log_group import LogGroup, LogGroupProps

ON_DEMAND, SPOT = "FARGATE", "FARGATE_SPOT"


def strategy_entries(capacity: CapacityConfig) -> list[tuple[str, int, int]]:
    """``(provider, base, weight)`` for every provider the strategy uses."""
    entries = []
    if capacity.on_demand_base or capacity.on_demand_weight:
        entries.append((ON_DEMAND, capacity.on_demand_base, capacity.on_demand_weight))
    if capacity.spot_weight:
        entries.append((SPOT, 0, capacity.spot_weight))
    return entries


@dataclass(frozen=True, kw_only=True)
class EcsClusterProps:
    spec: ServiceConfig
    """The service section of the environment (capacity split, Container Insights, exec audit retention)."""
    name: str
    exec_kms_key_arn: str
    """Encrypts ECS Exec sessions."""
    exec_log_group_name: str
    """Audit log of ECS Exec sessions (every command typed into a container)."""
    logs_kms_key_arn: str


class EcsCluster(Construct):
    """Attributes: ``cluster_name``, ``cluster_arn``, ``exec_log_group`` (LogGroup)."""

    def __init__(self, scope: Construct, id_: str, props: EcsClusterProps) -> None:
        super().__init__(scope, id_)
        ecs = aws.ecs_cluster
        self.exec_log_group = LogGroup(
            self,
            "exec-logs",
            LogGroupProps(
                name=props.exec_log_group_name,
                retention_days=props.spec.exec_audit_log_days,
                kms_key_arn=props.logs_kms_key_arn,
            ),
        )
        self.cluster = ecs.EcsCluster(
            self,
            "cluster",
            name=props.name,
            setting=[
                ecs.EcsClusterSetting(
                    name="containerInsights", value="enabled" if props.spec.container_insights else "disabled"
                )
            ],
            configuration=ecs.EcsClusterConfiguration(
                execute_command_configuration=ecs.EcsClusterConfigurationExecuteCommandConfiguration(
                    kms_key_id=props.exec_kms_key_arn,
                    logging="OVERRIDE",
                    log_configuration=ecs.EcsClusterConfigurationExecuteCommandConfigurationLogConfiguration(
                        cloud_watch_log_group_name=self.exec_log_group.log_group_name,
                        cloud_watch_encryption_enabled=True,
                    ),
                ),
            ),
        )
        providers = aws.ecs_cluster_capacity_providers
        self.capacity = providers.EcsClusterCapacityProviders(
            self,
            "capacity",
            cluster_name=self.cluster.name,
            capacity_providers=[ON_DEMAND, SPOT],
            default_capacity_provider_strategy=[
                providers.EcsClusterCapacityProvidersDefaultCapacityProviderStrategy(
                    capacity_provider=provider,
                    base=base,
                    weight=weight,
                )
                for provider, base, weight in strategy_entries(props.spec.capacity)
            ],
        )
        self.cluster_name: str = self.cluster.name
        self.cluster_arn: str = self.cluster.arn
