"""Each service that has a repository gets one: immutable, scanned on push, encrypted with the
environment's key, its lifecycle from the configuration; its policy lets exactly the execution
roles of the services that run its images pull and exactly the CI deploy role push (everyone
else denied both); images named ``repository:tag`` run from it; HIGH/CRITICAL scan findings
reach the alarm topic; promotion across environments only where the puller says so."""

from __future__ import annotations

import dataclasses
import json

import pytest

import modules.core.framework as framework
import stacks.service_registry as service_registry
from environments import named
from environments.schema import RegistryConfig
from modules.storage.image_repository import DENIED_PULLS, DENIED_PUSHES, PULL_ACTIONS, PUSH_ACTIONS
from tests.conftest import OPTIONS_SUFFIX, environment_of, policy_statements, suffixes
from tests.terraform_console import document

DIGEST = "sha256:" + "0" * 64


def owners(suffix: str) -> list[str]:
    return [s.name for s in environment_of(suffix).services if s.has_repository]


def deploy_role(suffix: str) -> str:
    environment = environment_of(suffix)
    role = "ci-preview" if environment.ephemeral else "ci-deploy"
    return f"role/ci/platform-{role}-{environment.name}"


def runners(suffix: str, repository: str) -> list[str]:
    """The execution roles of the services whose image is in ``repository`` (this environment's)."""
    return sorted(
        f"role/platform-{s.name}-execution-{suffix}"
        for s in environment_of(suffix).services
        if (r := s.repository_reference) is not None and (r.environment, r.repository) == (None, repository)
    )


@pytest.mark.parametrize("suffix", suffixes())
def test_every_service_with_a_repository_has_one_immutable_scanned_and_encrypted(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    environment = environment_of(suffix)
    repositories = {r["name"]: r for r in platform.resources(stack, "aws_ecr_repository").values()}
    assert sorted(repositories) == sorted(f"platform-{name}-{suffix}" for name in owners(suffix))
    for repository in repositories.values():
        assert repository["image_tag_mutability"] == "IMMUTABLE"
        assert repository["image_scanning_configuration"] == {"scan_on_push": True}
        [encryption] = repository["encryption_configuration"]
        assert encryption["encryption_type"] == "KMS" and "aws_kms_key.service-key" in encryption["kms_key"]
        protected = environment.protection.prevent_destroy
        assert repository["force_delete"] is not protected
        assert repository.get("lifecycle", {}).get("prevent_destroy", False) is protected
    urls = platform.json(stack)["output"].get("repository_urls", {}).get("value", {})
    assert sorted(urls) == sorted(owners(suffix))


@pytest.mark.parametrize("suffix", suffixes())
def test_the_lifecycle_is_the_configurations(platform, suffix: str) -> None:
    spec = environment_of(suffix).registry
    for policy in platform.resources(f"service-{suffix}", "aws_ecr_lifecycle_policy").values():
        untagged, tagged = document(policy["policy"])["rules"]
        assert untagged["selection"] == {
            "tagStatus": "untagged",
            "countType": "sinceImagePushed",
            "countUnit": "days",
            "countNumber": spec.untagged_days,
        }
        assert tagged["selection"]["countType"] == "imageCountMoreThan"
        assert tagged["selection"]["countNumber"] == spec.keep_tagged_images
        assert (untagged["action"], tagged["action"]) == ({"type": "expire"}, {"type": "expire"})


def principal_arns(statement: dict) -> list[str]:
    [condition] = statement["condition"]
    assert condition["variable"] == "aws:PrincipalArn"
    return sorted(arn.split(":", 5)[5] for arn in condition["values"])


CASES = [(suffix, name) for suffix in suffixes() for name in owners(suffix)]


@pytest.mark.security
@pytest.mark.parametrize(("suffix", "repository"), CASES, ids=[f"{s}-{r}" for s, r in CASES])
def test_only_its_runners_pull_and_only_the_deploy_role_pushes(platform, suffix: str, repository: str) -> None:
    statements = {s["sid"]: s for s in policy_statements(platform, f"service-{suffix}", f"registry_{repository}_")}
    pullers = runners(suffix, repository)
    if pullers:
        allow = statements.pop("PullByTheServicesThatRunIt")
        assert sorted(allow["actions"]) == sorted(PULL_ACTIONS)
        assert principal_arns(allow) == pullers
        assert principal_arns(statements["NoOtherPulls"]) == pullers
    else:  # nobody runs its images yet: nobody pulls
        assert "condition" not in statements["NoOtherPulls"]
    assert statements["NoOtherPulls"]["effect"] == "Deny"
    assert sorted(statements["NoOtherPulls"]["actions"]) == sorted(DENIED_PULLS)
    assert statements["NoOtherPulls"]["principals"] == [{"identifiers": ["*"], "type": "AWS"}]
    push = statements["PushByTheDeployRole"]
    assert sorted(push["actions"]) == sorted(PUSH_ACTIONS)
    assert principal_arns(push) == [deploy_role(suffix)]
    deny = statements["NoOtherPushes"]
    assert deny["effect"] == "Deny" and sorted(deny["actions"]) == sorted(DENIED_PUSHES)
    assert principal_arns(deny) == [deploy_role(suffix)]
    assert set(statements) == {"NoOtherPulls", "PushByTheDeployRole", "NoOtherPushes"}, "nothing else is allowed"


def test_images_named_by_repository_run_from_it_and_only_it_is_pulled(platform) -> None:
    """In the options environment the admin runs ``api:1.0.0`` (the api's repository) and the
    worker its own by digest: each container names the repository's URL, and each execution role
    may pull exactly that repository."""
    stack = f"service-{OPTIONS_SUFFIX}"
    definitions = {d["family"]: d for d in platform.resources(stack, "aws_ecs_task_definition").values()}
    admin, *_ = document(definitions[f"platform-admin-{OPTIONS_SUFFIX}"]["container_definitions"])
    assert admin["image"].startswith("aws_ecr_repository.registry_api_repository_")
    assert admin["image"].endswith(".repository_url:1.0.0")
    [worker] = document(definitions[f"platform-order-worker-{OPTIONS_SUFFIX}"]["container_definitions"])
    assert "registry_order-worker_repository_" in worker["image"] and worker["image"].endswith(
        f".repository_url@{DIGEST}"
    )
    for construct, repository in (("admin_app", "api"), ("order-worker_task", "order-worker")):
        statements = {s["sid"]: s for s in policy_statements(platform, stack, f"{construct}_execution-policy-document")}
        [arn] = statements["PullOwnImage"]["resources"]
        assert arn == f"${{aws_ecr_repository.{platform_id(platform, stack, repository)}.arn}}"


def platform_id(platform, stack: str, repository: str) -> str:
    [found] = [k for k in platform.resources(stack, "aws_ecr_repository") if k.startswith(f"registry_{repository}_")]
    return found


@pytest.mark.parametrize("suffix", suffixes())
def test_scans_with_high_or_critical_findings_reach_the_alarm_topic(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    rule = platform.resource(stack, "aws_cloudwatch_event_rule", "registry_findings")
    assert rule["name"] == f"platform-image-findings-{suffix}"  # the alarm topic admits platform-*-<suffix>
    pattern = document(rule["event_pattern"])
    if environment_of(suffix).registry.enhanced_scanning:
        assert pattern["source"] == ["aws.inspector2"]
        assert pattern["detail"]["severity"] == ["CRITICAL", "HIGH"]
    else:
        assert (pattern["source"], pattern["detail-type"]) == (["aws.ecr"], ["ECR Image Scan"])
        assert pattern["detail"]["scan-status"] == ["COMPLETE"]
        assert pattern["detail"]["$or"] == [
            {"finding-severity-counts": {"CRITICAL": [{"numeric": [">", 0]}]}},
            {"finding-severity-counts": {"HIGH": [{"numeric": [">", 0]}]}},
        ]
        assert len(pattern["detail"]["repository-name"]) == len(owners(suffix))
    target = platform.resource(stack, "aws_cloudwatch_event_target", "registry_findings")
    assert "alarm-topic" in target["arn"]


def test_enhanced_scanning_covers_only_this_environments_repositories(platform) -> None:
    stack = f"service-{OPTIONS_SUFFIX}"
    configuration = platform.resource(stack, "aws_ecr_registry_scanning_configuration", "registry_scanning")
    assert configuration["scan_type"] == "ENHANCED"
    [rule] = configuration["rule"]
    assert rule["repository_filter"] == [{"filter": f"platform-*-{OPTIONS_SUFFIX}", "filter_type": "WILDCARD"}]
    for suffix in suffixes(lambda e: not e.registry.enhanced_scanning):
        assert not platform.resources(f"service-{suffix}", "aws_ecr_registry_scanning_configuration")


# --- promotion: prod runs dev's digest, only because it says so ---------------------------------


def promoting_prod():
    prod = named("prod")
    api = dataclasses.replace(prod.service, image=f"dev/api@{DIGEST}")
    return dataclasses.replace(prod, registry=RegistryConfig(pull_from=("dev",)), services=(api, *prod.services[1:]))


def test_the_source_admits_the_pulling_environments_execution_roles_by_name(monkeypatch) -> None:
    prod = promoting_prod()
    monkeypatch.setattr(service_registry, "named", lambda name: prod if name == "prod" else named(name))
    [principal] = service_registry.pullers_elsewhere(named("dev"), "api", "aws")
    assert principal.account_id == "333333333333"
    assert principal.role_arns == ["arn:aws:iam::333333333333:role/platform-api-execution-prod"]
    assert service_registry.pullers_elsewhere(named("dev"), "order-worker", "aws") == []  # not run there
    # without prod's pull_from nothing of dev's is granted to prod
    monkeypatch.setattr(service_registry, "named", named)
    assert service_registry.pullers_elsewhere(named("dev"), "api", "aws") == []


def test_copies_of_a_pulling_environment_are_admitted_by_their_names_pattern(monkeypatch) -> None:
    staging = named("staging")
    api = dataclasses.replace(staging.service, image=f"dev/api@{DIGEST}")
    staging = dataclasses.replace(
        staging, registry=RegistryConfig(pull_from=("dev",)), services=(api, *staging.services[1:])
    )
    monkeypatch.setattr(service_registry, "named", lambda name: staging if name == "staging" else named(name))
    [principal] = service_registry.pullers_elsewhere(named("dev"), "api", "aws")
    roles = [arn.rsplit("/", 1)[1] for arn in principal.role_arns]
    assert roles[0] == "platform-api-execution-staging"
    assert roles[1:] == [f"platform-api-execution-rc{'?' * n}" for n in range(1, 9)]


def test_the_puller_runs_the_sources_repository_by_url_and_pulls_only_it(monkeypatch) -> None:
    prod = promoting_prod()
    registry = object.__new__(service_registry.ServiceRegistry)
    registry._context = type("Context", (), {"partition": "aws"})()
    image = registry.image(prod.service)
    assert image is not None
    assert image.uri == f"111111111111.dkr.ecr.eu-west-1.amazonaws.com/platform-api-dev@{DIGEST}"
    assert image.repository_arn == "arn:aws:ecr:eu-west-1:111111111111:repository/platform-api-dev"
    assert registry.image(named("dev").services[1]) is None  # an external image stays as written


def test_a_repository_needs_its_pusher() -> None:
    from modules.storage.image_repository import ImageRepository, ImageRepositoryProps

    stack = framework.TerraformStack(framework.Testing.app(), "test")
    with pytest.raises(ValueError, match="needs the role that pushes"):
        ImageRepository(
            stack,
            "r",
            ImageRepositoryProps(
                spec=RegistryConfig(),
                protection=named("dev").protection,
                name="platform-api-test",
                kms_key_arn="arn",
                pullers=(),
                pushers=(),
            ),
        )


def test_pull_statements_name_roles_not_accounts(platform) -> None:
    """A resource policy's principal is an account root only together with the role condition."""
    for suffix, repository in CASES:
        for statement in policy_statements(platform, f"service-{suffix}", f"registry_{repository}_"):
            if statement["effect"] == "Allow":
                assert json.dumps(statement["principals"]).count(":root") >= 1
                assert statement["condition"][0]["variable"] == "aws:PrincipalArn"
