"""Reusable constructs, one per file, grouped in packages by domain. None of them knows which
environment it is in.

``LAYERS`` orders the packages: a package imports only itself and the packages before it, so
the arrows between domains point one way (``tests/test_layers.py`` holds it).
"""

LAYERS = (
    "core",
    "security",
    "delivery",
    "observability",
    "storage",
    "network",
    "identity",
    "data",
    "messaging",
    "compute",
    "edge",
)
"""``core``: the framework and its loading; ``security``: IAM, KMS, security groups;
``delivery``: the GitHub OIDC provider and the roles the pipeline assumes;
``observability``: alarms, dashboard, logs; ``storage``: buckets; ``network``: VPC, DNS,
certificates, load balancer; ``identity``: the Cognito user pool; ``data``: databases; ``messaging``: topics and queues;
``compute``: ECS and its services; ``edge``: CloudFront, WAF, the site."""
