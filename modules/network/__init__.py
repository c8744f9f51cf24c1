"""The VPC and how traffic reaches the services: subnets, flow logs, DNS, certificates, the load balancer.

- ``vpc``: Vpc (public, private and isolated subnets, NAT, endpoints)
- ``flow_logs``: FlowLogs
- ``dns_zone``: DnsZone (looked up or created Route53 zone, alias records)
- ``certificate``: Certificate (ACM, DNS-validated)
- ``load_balancer``: LoadBalancer (HTTPS-only ALB, access logs)
- ``web_route``: WebRoute (a web service's target group and listener rule)
- ``service_discovery``: ServiceNamespace (Cloud Map private DNS namespace, a registration per
  discoverable service), allow_call(...) (a declared service-to-service call)
- ``http_api``: HttpApi (HTTP API, auto-deployed ``$default`` stage, JSON access logs, JWT
  authorizer, custom domain)
- ``vpc_link``: VpcLink (the HTTP API's way to the internal load balancer, its own security group)
- ``api_route``: ApiRoute (a route and its integration: the load balancer or a function)
"""
