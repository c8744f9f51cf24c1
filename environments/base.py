"""Defaults every named environment starts from: the project name, the product-catalogue
API's tables and topics, and its services (the API, the order worker, the nightly report).

Declare a service, table, topic or queue here once: through ``BASE`` it reaches every
environment. An environment file states only what differs, with ``dataclasses.replace(BASE,
name=..., ...)`` and the edits of ``environments/edit.py`` (``replace_service(env, "api",
desired_count=2)``, ``without_service``, ``with_queue`` ...). Something declared here that no
environment ends up with is an error (``environments.declared_but_unused``).
"""

from environments.schema import (
    Environment,
    FilesConfig,
    FunctionConfig,
    Grants,
    HttpApiConfig,
    IdentityConfig,
    IndexConfig,
    MessagingConfig,
    PipelineConfig,
    QueueConfig,
    ScheduledTaskConfig,
    TableConfig,
    TopicConfig,
    Volume,
    VolumeConfig,
    WebServiceConfig,
    WorkerConfig,
)

PROJECT = "platform"
"""Prefix of every physical name. A fork sets its own (2-16 of a-z, 0-9, '-')."""
REPOSITORY = "example-org/platform"
"""The GitHub repository (``<owner>/<name>``) this platform is deployed from."""

CATALOG_TABLE = TableConfig(
    name="catalog",
    # Single-table design: products, categories and carts share PK/SK; the GSIs serve
    # "products in a category" and "products in a category by price".
    attributes={"PK": "S", "SK": "S", "category": "S", "name": "S", "price": "N"},
    partition_key="PK",
    sort_key="SK",
    indexes=(
        IndexConfig(name="by-category", partition_key="category", sort_key="name"),
        IndexConfig(name="by-category-price", partition_key="category", sort_key="price"),
    ),
    ttl_attribute="expires_at",  # carts and other short-lived items expire on their own
)

ORDERS_TABLE = TableConfig(
    name="orders",
    attributes={"user_id": "S", "created_at": "S", "order_day": "S", "order_id": "S"},
    partition_key="user_id",  # a user's orders, newest first with ScanIndexForward=false
    sort_key="created_at",
    indexes=(
        IndexConfig(name="by-day", partition_key="order_day", sort_key="created_at"),
        IndexConfig(name="by-order-id", partition_key="order_id", projection="KEYS_ONLY"),
    ),
    stream="NEW_AND_OLD_IMAGES",  # downstream consumers react to order changes
)

TABLES = (CATALOG_TABLE, ORDERS_TABLE)

ORDERS_TOPIC = TopicConfig(
    name="orders",
    queues=(
        QueueConfig(name="order-processing", visibility_timeout_seconds=60, max_receive_count=5),
        QueueConfig(
            name="notifications",
            raw_message_delivery=True,
            filter_policy={"event_type": ["order_placed", "order_shipped"]},
        ),
    ),
)

TOPICS = (ORDERS_TOPIC,)

API = WebServiceConfig(
    name="api",
    # A placeholder until the team's first build: the pipeline pushes to the api's repository,
    # then image="api:<tag>" (or "api@sha256:...") runs it.
    image="public.ecr.aws/nginx/nginx:1.27-alpine",
    repository=True,
    discoverable=True,  # api.<suffix>.internal inside the VPC, for the services that call it
    path_patterns=("/api/*",),
    # On the HTTP API (environments with http_api; CloudFront's /api/* goes there), through the
    # VPC link: a signed-in user's orders need a token, the rest of /api/* stays open as behind
    # the VPC origin (the catalogue function's /api/products routes are more specific).
    api_routes=("/api/orders/{proxy+}",),
    api_auth="jwt",
    api_open_routes=("/api/{proxy+}",),
    grants=Grants(read_write_tables=("catalog", "orders"), publish_topics=("orders",), database=("secret", "iam")),
)
"""The product-catalogue API behind the load balancer (CloudFront's ``/api/*``)."""

ORDER_WORKER = WorkerConfig(
    name="order-worker",
    repository=True,  # its own ECR repository (placeholder image until the first push)
    calls=("api",),  # may reach the api's port at api.<suffix>.internal; nothing else may
    queues=("order-processing",),
    # A placeholder that behaves as a worker must on SIGTERM (README, Spot interruptions):
    # stop taking messages, finish or leave the one in hand, exit 0.
    command=("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 5 & wait $!; done"),
    messages_per_task=20,
    grants=Grants(read_write_tables=("orders",)),
)
"""Drains ``order-processing``: writes orders, scales on its backlog, zero tasks when idle."""

NIGHTLY_REPORT = ScheduledTaskConfig(
    name="nightly-report",
    schedule="cron(0 3 * * ? *)",
    time_zone="Europe/Dublin",
    command=("sh", "-c", "echo nightly report"),
    grants=Grants(read_tables=("orders",), site_bucket="read-write"),
)
"""Every night at 03:00 Dublin time: reads the day's orders, publishes a report to the site."""

SERVICES = (API, ORDER_WORKER, NIGHTLY_REPORT)

REPORTS = VolumeConfig(name="reports", posix_uid=20001, posix_gid=20001)
"""The nightly report's output, which the api serves: every file in it is user 20001's."""
FILES = FilesConfig(volumes=(REPORTS,))
"""The shared file system of the environments that have one (``files=FILES``), with the mounts
``REPORT_MOUNTS`` gives the services (``with_mounts``)."""
REPORT_MOUNTS = {
    "nightly-report": (Volume(name="reports", path="/reports"),),  # writes the day's report
    "api": (Volume(name="reports", path="/reports", read_only=True),),  # serves it, may not change it
}

CATALOG_API = FunctionConfig(
    name="catalog-api",
    source="functions/catalog",  # handler.handler: products CRUD on the catalog table
    environment={"CATALOG_READS": "open", "CATALOG_WRITE_GROUP": "admin"},
    tracing=True,
    # The HTTP API's routes: writes need a token (the handler then checks the admin group), reads are open.
    api_routes=("POST /api/products", "PUT /api/products/{id}", "DELETE /api/products/{id}"),
    api_auth="jwt",
    api_open_routes=("GET /api/products", "GET /api/products/{id}"),
    grants=Grants(read_write_tables=("catalog",)),
)
"""The catalogue's CRUD as a function (GET/POST /api/products, GET/PUT/DELETE /api/products/{id})."""

FUNCTIONS = (CATALOG_API,)


BASE = Environment(
    name="base",  # every environment file replaces the name and the suffix
    suffix="base",
    project=PROJECT,
    region="eu-west-1",
    tables=TABLES,
    messaging=MessagingConfig(topics=TOPICS),
    services=SERVICES,
    functions=FUNCTIONS,
    # Users sign in with their e-mail address; groups admin and test, clients web (public, PKCE)
    # and dashboard (confidential): the defaults of IdentityConfig.
    identity=IdentityConfig(),
    # The HTTP API front door (JWT by the user pool) before the services' and functions' routes;
    # an environment without it: environments.edit.without_http_api.
    http_api=HttpApiConfig(),
    # The GitHub repository whose workflows alone may assume the CI roles (stacks/ci.py): a
    # fork sets its own, and .github/CODEOWNERS and pr.yml's plan call name it too
    # (tests/test_workflows.py keeps them in step).
    pipeline=PipelineConfig(repository=REPOSITORY),
)
"""What every named environment starts from (never validated or built on its own)."""
