"""The few GitHub REST calls the workflow tools make, with the standard library only.

``GitHub.from_environ()`` reads ``GITHUB_TOKEN``, ``GITHUB_REPOSITORY`` and ``GITHUB_API_URL``
(set in every Actions job); tests pass a fake with the same ``get`` method.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class Api(Protocol):
    @property
    def repository(self) -> str: ...

    def get(self, path: str) -> Any:
        """The JSON answer of ``GET <api>/<path>``; ``None`` for 404."""
        ...


@dataclass(frozen=True)
class GitHub:
    token: str
    repository: str
    url: str = "https://api.github.com"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] = os.environ) -> GitHub | None:
        token, repository = environ.get("GITHUB_TOKEN", ""), environ.get("GITHUB_REPOSITORY", "")
        if not token or not repository:
            return None
        return cls(token, repository, environ.get("GITHUB_API_URL") or "https://api.github.com")

    def get(self, path: str) -> Any:
        request = urllib.request.Request(
            f"{self.url}/{path.lstrip('/')}",
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - the GitHub API
                return json.load(answer)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise
