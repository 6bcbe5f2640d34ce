#!/usr/bin/env python3
"""The Python example app: the strict profile's CloudFront edge, checked by BulwarkChecks at synth.

Run from this directory, with the bulwark wheel installed (README.md here): cdk synth
Context (cdk.json or -c): profile (a profile file; default ../profiles/strict.yaml, next to this
file), domainName (default www.example.com; the certificate is DNS-validated and waits until its
validation records exist), originDomainName (default origin.example.com, the HTTPS origin).
"""
from pathlib import Path

from aws_cdk import App, Aspects, Environment, Stack, Validations
import aws_cdk.aws_cloudfront_origins as origins
from bulwark import (
    BulwarkChecks,
    HardenedCertificate,
    HardenedDistribution,
    HardenedWebAcl,
    Profile,
    RequireImdsv2,
    SecurityAlarms,
    SecurityHeaders,
    WebAclScope,
)

STRICT = Path(__file__).resolve().parent.parent / "profiles" / "strict.yaml"

app = App()
profile = Profile.from_file(app.node.try_get_context("profile") or str(STRICT))
domain_name = app.node.try_get_context("domainName") or "www.example.com"
origin_domain_name = app.node.try_get_context("originDomainName") or "origin.example.com"

# CloudFront's Web ACL and certificate live in us-east-1; the account is left to whoever deploys.
stack = Stack(app, "BulwarkPythonEdge", env=Environment(region="us-east-1"))
alarms = SecurityAlarms(stack, "Alarms", profile=profile)
waf = HardenedWebAcl(stack, "Waf", profile=profile, web_acl_scope=WebAclScope.CLOUDFRONT)
alarms.alarm_on_web_acl(waf)
headers = SecurityHeaders(stack, "Headers", profile=profile)
certificate = HardenedCertificate(stack, "Cert", domain_name=domain_name, alarms=alarms)
HardenedDistribution(
    stack,
    "Cdn",
    origin=origins.HttpOrigin(origin_domain_name),
    profile=profile,
    web_acl=waf,
    certificate=certificate.certificate,
    domain_names=[domain_name],
    response_headers_policy=headers.response_headers_policy,
)

# IMDSv2 on every instance the app adds later (an aspect); the checks are a validation plugin, not an aspect.
if profile.to_json()["network"]["requireImdsv2"]:
    Aspects.of(app).add(RequireImdsv2())
Validations.of(app).add_plugins(BulwarkChecks(app, profile=profile))

app.synth()
