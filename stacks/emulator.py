"""Everything the stacks do differently against a local AWS emulator, in one place.

An environment with ``emulator`` set (``environments/local.py``) gets: the provider and S3
backend pointed at the loopback endpoint with fixed fake credentials, and two CDKTF Aspects
that work around the emulator's gaps after the constructs are built, so no construct knows
that emulators exist:

- ``IgnoreDrift``: ``lifecycle.ignore_changes`` for the attributes the emulator does not
  round-trip (``emulator.ignore_drift``), merged with what a construct already ignores.
- ``WithoutConditionalDenies``: when the emulator does not evaluate policy conditions
  (``emulator.policy_conditions`` False: moto applies a conditional Deny such as the TLS-only
  bucket statement to every request), those statements leave the S3 bucket policies, and a
  policy left with nothing to say is removed.

The README's "Emulator gaps" table lists each workaround with its reason.
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping

from environments.schema import EmulatorConfig
from modules.core.framework import (
    Aspects,
    IAspect,
    IConstruct,
    S3BackendEndpointConfig,
    TerraformResource,
    TerraformStack,
    aws,
    implements,
)
from modules.security.iam import replace_statements

CREDENTIALS = {"access_key": "test", "secret_key": "test"}
"""Fixed, fake credentials for a local AWS emulator (never real ones)."""


def provider_settings(emulator: EmulatorConfig) -> dict:
    """``AwsProvider`` arguments that point every service at the emulator."""
    endpoint = emulator.endpoint
    return dict(
        CREDENTIALS,
        # the binding spells a Python keyword with a trailing '_' (lambda -> lambda_)
        endpoints=[
            aws.provider.AwsProviderEndpoints(
                **{f"{s}_" if keyword.iskeyword(s) else s: endpoint for s in emulator.services}
            )
        ],
        insecure=True,  # the emulator's self-signed certificate; the endpoint is loopback-only
        s3_use_path_style=True,
        skip_credentials_validation=True,
        skip_metadata_api_check="true",
        skip_region_validation=True,
        skip_requesting_account_id=False,  # moto answers; True makes SG rules drift
    )


def backend_settings(emulator: EmulatorConfig) -> dict:
    """``S3Backend`` arguments that keep the state in the emulator's S3."""
    endpoint = emulator.endpoint
    return dict(
        CREDENTIALS,
        endpoints=S3BackendEndpointConfig(s3=endpoint, dynamodb=endpoint, iam=endpoint, sts=endpoint),
        insecure=True,
        use_path_style=True,
        skip_credentials_validation=True,
        skip_metadata_api_check=True,
        skip_region_validation=True,
        skip_requesting_account_id=True,
    )


def apply_workarounds(stack: TerraformStack, emulator: EmulatorConfig) -> None:
    """Register the Aspects this emulator needs on ``stack``."""
    if emulator.ignore_drift:
        Aspects.of(stack).add(IgnoreDrift(emulator.ignore_drift))
    if not emulator.policy_conditions:
        Aspects.of(stack).add(WithoutConditionalDenies())


@implements(IAspect)
class IgnoreDrift:
    def __init__(self, drift: Mapping[str, tuple[str, ...]]) -> None:
        self._drift = drift

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, TerraformResource) and node.terraform_resource_type in self._drift:
            lifecycle = node.lifecycle
            ignored = set(lifecycle.ignore_changes or []) if lifecycle else set()
            node.add_override(
                "lifecycle.ignore_changes", sorted(ignored | set(self._drift[node.terraform_resource_type]))
            )


@implements(IAspect)
class WithoutConditionalDenies:
    def visit(self, node: IConstruct) -> None:
        if not isinstance(node, aws.s3_bucket_policy.S3BucketPolicy):
            return
        owner = node.node.scope
        document = next(
            (
                c
                for c in owner.node.children
                if isinstance(c, aws.data_aws_iam_policy_document.DataAwsIamPolicyDocument)
                and getattr(c, "statements", None) is not None
            ),
            None,
        )
        if document is None:
            return
        kept = [s for s in document.statements if not (s.effect == "Deny" and s.conditions)]
        if kept:
            replace_statements(document, kept)
        else:  # a policy with nothing left to say is no policy
            owner.node.try_remove_child(node.node.id)
            owner.node.try_remove_child(document.node.id)
