"""What viewers reach: CloudFront, its origins, WAF and the static site.

- ``cdn``: Cdn (CloudFront distribution)
- ``static_site``: StaticSite (the private site bucket behind OAC)
- ``security_headers``: SecurityHeaders (response-headers policy)
- ``vpc_origin``: VpcOrigin (CloudFront VPC origin to the internal ALB)
- ``web_acl``: WebAcl (WAFv2, CLOUDFRONT scope)
"""
