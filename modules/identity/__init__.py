"""Who the users are: the Cognito user pool, its groups, app clients and hosted-UI domain.

- ``user_pool``: UserPool (e-mail sign-in, MFA, groups, clients, domain; ``issuer_url``)
"""
