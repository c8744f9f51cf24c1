"""The vms section's rules: each bad value is one line naming the field and the fix."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from environments import named
from environments.schema import ConfigError, Grants, VmConfig
from environments.schema.formats import INSTANCE_TYPES
from tests.conftest import OPTIONS_SUFFIX, environment_of

AT = "environments.dev.vms[legacy]"
GOOD = VmConfig(name="legacy", user_data="vms/legacy/user-data.sh")
BAD_VM: list[tuple[dict[str, Any], str]] = [
    (
        {"user_data": "vms/legacy/missing.sh"},
        f"{AT}.user_data 'vms/legacy/missing.sh' is not a file of this repository: create it or fix the path",
    ),
    (
        {"user_data": "../etc/passwd"},
        f"{AT}.user_data '../etc/passwd' must be a file of this repository such as 'vms/legacy/user-data.sh'",
    ),
    (
        {"instance_type": "t4g.huge"},
        f"{AT}.instance_type 't4g.huge' is not an EC2 instance type this platform knows "
        "(e.g. 't4g.micro', 'm7g.large'): fix it or add it to INSTANCE_TYPES",
    ),
    ({"min_size": 3, "max_size": 2}, f"{AT}: min_size (3) is more than max_size (2): lower min_size"),
    (
        {"desired_capacity": 5},
        f"{AT}.desired_capacity (5) must be between min_size (1) and max_size (2)",
    ),
    ({"cpu_target_percent": 95}, f"{AT}.cpu_target_percent (95%) must be between 10 and 90"),
    ({"port": 80}, f"{AT}.port (80) must be between 1024 and 65535"),
    (
        {"ami_parameter": "/my/ami"},
        f"{AT}.ami_parameter '/my/ami' must be a public parameter under '/aws/service/' such as "
        "'/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64'",
    ),
    (
        {"path_patterns": (), "host_patterns": ()},
        f"{AT}: a vm needs path_patterns or host_patterns (its listener rule's condition)",
    ),
    (
        {"grants": Grants(read_tables=("nope",))},
        f"{AT}.grants.read_tables names table 'nope', which this environment does not have (its tables: catalog, orders)",
    ),
    (
        {"grants": Grants(database=("secret",))},
        f"{AT}.grants.database 'secret' injects secrets into a container, which a vm has not: use database=('iam',)",
    ),
]


def with_vm(vm: VmConfig):
    return dataclasses.replace(named("dev"), vms=(vm,))


def test_a_good_vm_validates() -> None:
    with_vm(GOOD).validate()


@pytest.mark.parametrize("case", BAD_VM, ids=[repr(c[0])[:50] for c in BAD_VM])
def test_bad_vm_is_one_line_naming_the_field(case: tuple[dict[str, Any], str]) -> None:
    changes, message = case
    with pytest.raises(ConfigError) as raised:
        with_vm(dataclasses.replace(GOOD, **changes)).validate()
    assert raised.value.problems == [message]


def test_a_vm_named_as_a_service_is_refused() -> None:
    with pytest.raises(ConfigError) as raised:
        with_vm(dataclasses.replace(GOOD, name="api", path_patterns=("/legacy/*",))).validate()
    assert raised.value.problems == [
        "environments.dev.vms[api].name 'api' is a service's name too: a vm and a service need their own names"
    ]


def test_two_vms_of_one_name_are_refused() -> None:
    with pytest.raises(ConfigError) as raised:
        dataclasses.replace(named("dev"), vms=(GOOD, dataclasses.replace(GOOD, path_patterns=("/old/*",)))).validate()
    assert raised.value.problems[0] == (
        "environments.dev.vms: 'legacy' is the name of more than one vm: vm names must be unique"
    )


def test_the_instance_types_table_has_both_architectures() -> None:
    assert INSTANCE_TYPES["t4g.micro"] == "arm64" and INSTANCE_TYPES["t3.micro"] == "x86_64"
    assert GOOD.image_parameter.endswith("-arm64")
    assert dataclasses.replace(GOOD, instance_type="t3.small").image_parameter.endswith("-x86_64")


def test_the_options_environment_runs_a_vm() -> None:
    [vm] = environment_of(OPTIONS_SUFFIX).vms
    assert vm.name == "legacy" and vm.user_data == "vms/legacy/user-data.sh"
