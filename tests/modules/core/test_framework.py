"""The provider binding is loaded lazily: a full synth imports only the submodules it uses."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT


def test_full_synth_imports_only_the_provider_modules_it_uses(platform) -> None:
    from modules.core.framework import PROVIDER_PACKAGE, loaded_provider_modules, provider_is_lazy

    assert provider_is_lazy()
    import cdktf_cdktf_provider_aws as binding

    count = len(loaded_provider_modules())
    available = sum(1 for entry in Path(binding.__path__[0]).iterdir() if entry.is_dir())
    # The eager __init__ imports every submodule (~2,100). The platform uses one per resource or
    # data-source type, which grows with each component; a quarter of the binding is far above
    # that and far below an eager load, whichever tests this worker ran before.
    # (The platform may come from the synth cache, so this worker may have imported none.)
    assert available > 1000
    assert count < available // 4, (
        f"{count} of {available} provider modules imported: did the eager import creep back in?"
    )
    from modules.core.framework import aws

    assert aws.sqs_queue.SqsQueue.__module__.startswith(PROVIDER_PACKAGE + ".sqs_queue")
    assert f"{PROVIDER_PACKAGE}.sqs_queue" in loaded_provider_modules()


def test_unknown_layout_falls_back_to_the_normal_import(tmp_path) -> None:
    from modules.core.framework import _LazyProviderFinder

    assert _LazyProviderFinder().find_spec("some_other_package", None) is None
    fake = tmp_path / "cdktf_cdktf_provider_aws"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    assert _LazyProviderFinder().find_spec("cdktf_cdktf_provider_aws", [str(tmp_path)]) is None


def test_no_plain_dicts_inside_lists_passed_to_constructs() -> None:
    """jsii converts a dict argument to its struct, but not a dict inside a list: there its
    snake_case keys reach JavaScript unconverted and are silently dropped. Use the struct
    classes (``aws.x.XRule(...)``) for list elements."""
    import re

    offenders = []
    for path in sorted((ROOT / "modules").glob("*.py")) + sorted((ROOT / "stacks").glob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"=\s*\[\s*\{", line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []


def test_no_empty_blocks_in_synthesized_json(platform) -> None:
    """An empty object inside a list is the trace of keys jsii dropped."""

    def empty_list_items(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "//":
                    yield from empty_list_items(value, f"{path}.{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                if item == {}:
                    yield f"{path}[{index}]"
                yield from empty_list_items(item, f"{path}[{index}]")

    found = [p for stack_id in platform.stack_ids for p in empty_list_items(platform.json(stack_id), stack_id)]
    assert found == []
