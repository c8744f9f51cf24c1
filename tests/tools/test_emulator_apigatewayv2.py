"""tools/emulator.py: the emulator lists an HTTP API's authorizers (GetAuthorizers), which the
adoption of a cut-off apply and the HTTP API's checks ask for, and answers a custom domain name
as AWS does (available, with its regional target and zone, which the provider waits for and the
alias record points at); plain moto does neither (when it stops failing, drop the fix)."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from tools.emulator import Emulator

CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "eu-west-1"}


def _authorizers_listed(client) -> None:
    api = client.create_api(Name="platform-http-api-test", ProtocolType="HTTP")["ApiId"]
    made = client.create_authorizer(
        ApiId=api,
        Name="jwt",
        AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": "https://issuer.example.com", "Audience": ["client"]},
    )["AuthorizerId"]
    [listed] = client.get_authorizers(ApiId=api)["Items"]
    assert (listed["AuthorizerId"], listed["Name"], listed["JwtConfiguration"]["Audience"]) == (made, "jwt", ["client"])
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_authorizers(ApiId="nope")


def test_the_emulator_lists_an_apis_authorizers(tmp_path: Path) -> None:
    with Emulator.run(tls=False, state_dir=tmp_path) as emulator:
        _authorizers_listed(boto3.Session(**CREDENTIALS).client("apigatewayv2", endpoint_url=emulator.endpoint))


def test_plain_moto_has_no_get_authorizers() -> None:
    from moto import mock_aws

    with mock_aws(), pytest.raises(NotImplementedError):
        _authorizers_listed(boto3.Session(**CREDENTIALS).client("apigatewayv2"))


def _domain_name_available(client) -> None:
    created = client.create_domain_name(
        DomainName="api.test.example.com",
        DomainNameConfigurations=[
            {
                "CertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/x",
                "EndpointType": "REGIONAL",
                "SecurityPolicy": "TLS_1_2",
            }
        ],
    )
    for answer in (created, client.get_domain_name(DomainName="api.test.example.com")):
        [configuration] = answer["DomainNameConfigurations"]
        assert configuration["DomainNameStatus"] == "AVAILABLE"
        assert configuration["ApiGatewayDomainName"].endswith(".execute-api.eu-west-1.amazonaws.com")
        assert configuration["HostedZoneId"] == "ZLY8HYME6SFDD"
        assert configuration["SecurityPolicy"] == "TLS_1_2"
        assert "MutualTlsAuthentication" not in answer


def test_the_emulator_answers_a_custom_domain_as_available_with_its_target(tmp_path: Path) -> None:
    with Emulator.run(tls=False, state_dir=tmp_path) as emulator:
        _domain_name_available(boto3.Session(**CREDENTIALS).client("apigatewayv2", endpoint_url=emulator.endpoint))


def test_plain_moto_answers_a_domain_without_status_or_target() -> None:
    from moto import mock_aws

    with mock_aws(), pytest.raises(KeyError, match="DomainNameStatus"):
        _domain_name_available(boto3.Session(**CREDENTIALS).client("apigatewayv2"))
