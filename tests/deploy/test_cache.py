"""The Valkey cache on the emulator: the replication group and its member clusters, the users
(the disabled default, the api's IAM user), the user group, and the one security-group rule
that admits the api, read back through the AWS API; nothing of it left after the destroy.

Marked ``deploy``: ``make test-fast`` skips it (tests/deploy/conftest.py deploys once per run)."""

from __future__ import annotations

import pytest

from tests.deploy.conftest import Deployment

pytestmark = pytest.mark.deploy  # local runs the cache (environments/local.py): never skipped

GROUP = "platform-cache-local"
API_USER = "platform-cache-api-local"
DEFAULT_USER = "platform-cache-default-local"


def test_replication_group_requires_tls_and_uses_the_user_group(deployment: Deployment) -> None:
    elasticache = deployment.client("elasticache")
    [group] = elasticache.describe_replication_groups(ReplicationGroupId=GROUP)["ReplicationGroups"]
    assert group["TransitEncryptionEnabled"] is True and group["AtRestEncryptionEnabled"] is True
    assert group["UserGroupIds"] == [GROUP]
    members = group["MemberClusters"]
    assert len(members) == 1
    [cluster] = elasticache.describe_cache_clusters(CacheClusterId=members[0])["CacheClusters"]
    assert cluster["Engine"] == "valkey" and cluster["ReplicationGroupId"] == GROUP


def test_users_are_iam_or_off_and_grouped(deployment: Deployment) -> None:
    elasticache = deployment.client("elasticache")
    users = {u["UserId"]: u for u in elasticache.describe_users()["Users"]}
    assert users[API_USER]["Authentication"]["Type"] == "iam"
    assert users[DEFAULT_USER]["UserName"] == "default" and users[DEFAULT_USER]["AccessString"] == "off -@all"
    [group] = elasticache.describe_user_groups(UserGroupId=GROUP)["UserGroups"]
    assert sorted(group["UserIds"]) == sorted([API_USER, DEFAULT_USER])


def test_only_the_api_is_admitted(deployment: Deployment) -> None:
    ec2 = deployment.client("ec2")
    [cache_group] = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [GROUP]}])["SecurityGroups"]
    [api_group] = ec2.describe_security_groups(
        Filters=[{"Name": "group-name", "Values": ["platform-api-tasks-local"]}]
    )["SecurityGroups"]
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [cache_group["GroupId"]]}])
    ingress = [r for r in rules["SecurityGroupRules"] if not r["IsEgress"]]
    assert [(r["FromPort"], r["ReferencedGroupInfo"]["GroupId"]) for r in ingress] == [(6379, api_group["GroupId"])]


@pytest.mark.after_destroy
def test_no_cache_is_left_after_the_destroy(deployment: Deployment) -> None:
    elasticache = deployment.client("elasticache")
    assert elasticache.describe_replication_groups()["ReplicationGroups"] == []
    assert [u for u in elasticache.describe_users()["Users"] if u["UserId"] != "default"] == []
    assert elasticache.describe_user_groups()["UserGroups"] == []
