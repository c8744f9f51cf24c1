"""The response-headers policy: HSTS, nosniff, frame and referrer policies, not overridable by origins."""

from __future__ import annotations

import json

from modules.core import framework
from modules.edge.security_headers import SecurityHeaders, SecurityHeadersProps


def test_security_headers_are_set_and_override_the_origin() -> None:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="us-east-1")
    SecurityHeaders(stack, "headers", SecurityHeadersProps(name="platform-edge-headers-dev"))
    [policy] = json.loads(framework.Testing.synth(stack))["resource"]["aws_cloudfront_response_headers_policy"].values()
    headers = policy["security_headers_config"]
    hsts = headers["strict_transport_security"]
    assert hsts["access_control_max_age_sec"] >= 31536000 and hsts["include_subdomains"] is True
    assert hsts["preload"] is False  # opt-in: hard to undo
    assert headers["content_type_options"] == {"override": True}
    assert headers["frame_options"] == {"frame_option": "DENY", "override": True}
    assert headers["referrer_policy"] == {"referrer_policy": "strict-origin-when-cross-origin", "override": True}
    assert all(block["override"] is True for block in headers.values())
