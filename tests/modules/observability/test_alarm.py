"""Metric alarms: every setting from props, notifications on alarm and recovery, and the
CloudWatch key grant limited to this account's alarms."""

from __future__ import annotations

import json

import modules.core.framework as framework

TOPIC = "arn:aws:sns:eu-west-1:111111111111:platform-alarms-test"


def synth_alarm(**props) -> dict:
    from modules.observability.alarm import MetricAlarm, MetricAlarmProps

    stack = framework.TerraformStack(framework.Testing.app(), "test")
    settings = (
        dict(
            name="platform-x-test-cpu",
            description="CPU high",
            namespace="AWS/ECS",
            metric="CPUUtilization",
            threshold=80,
            alarm_topic_arn=TOPIC,
        )
        | props
    )
    MetricAlarm(stack, "a", MetricAlarmProps(**settings))
    [alarm] = json.loads(framework.Testing.synth(stack))["resource"]["aws_cloudwatch_metric_alarm"].values()
    return alarm


def test_defaults_fire_on_one_breaching_minute_and_ignore_missing_data() -> None:
    alarm = synth_alarm()
    assert alarm["alarm_name"] == "platform-x-test-cpu" and alarm["alarm_description"] == "CPU high"
    assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == ("AWS/ECS", "CPUUtilization", "Maximum")
    assert (alarm["period"], alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (60, 1, 1)
    assert (alarm["comparison_operator"], alarm["threshold"]) == ("GreaterThanThreshold", 80)
    assert alarm["treat_missing_data"] == "notBreaching"
    assert alarm["alarm_actions"] == alarm["ok_actions"] == [TOPIC]
    assert "dimensions" not in alarm


def test_every_setting_is_taken_from_props() -> None:
    alarm = synth_alarm(
        dimensions={"ClusterName": "c"},
        comparison="LessThanThreshold",
        statistic="Average",
        period_seconds=300,
        evaluation_periods=5,
        datapoints_to_alarm=3,
        treat_missing_data="breaching",
    )
    assert alarm["dimensions"] == {"ClusterName": "c"}
    assert (alarm["comparison_operator"], alarm["statistic"]) == ("LessThanThreshold", "Average")
    assert (alarm["period"], alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (300, 5, 3)
    assert alarm["treat_missing_data"] == "breaching"


def test_alarms_key_user_is_limited_to_this_accounts_matching_alarms() -> None:
    from modules.observability.alarm import alarms_key_user

    stack = framework.TerraformStack(framework.Testing.app(), "test")
    statement = alarms_key_user(stack, "platform-*-dev*")
    assert set(statement.actions) == {"kms:Decrypt", "kms:GenerateDataKey*"}
    assert statement.principals["Service"][0].startswith("cloudwatch.")
    conditions = {c.variable: c for c in statement.conditions}
    assert conditions["aws:SourceAccount"].test == "StringEquals"
    assert conditions["aws:SourceArn"].test == "ArnLike"
    assert conditions["aws:SourceArn"].values[0].endswith(":alarm:platform-*-dev*")
