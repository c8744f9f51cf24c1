"""What the delivery pipeline may do in an account: GitHub's OIDC provider and the roles its
workflows assume.

- ``github_oidc``: GithubOidcProvider (the account's ``token.actions.githubusercontent.com`` provider)
- ``pipeline_role``: PipelineRole, GithubJob (a role only one GitHub job may assume: repository,
  GitHub environment, reusable workflow on a branch, and optionally the run's branch)
- ``permissions``: the plan (read-only), deploy and preview (copy names only) statements
"""
