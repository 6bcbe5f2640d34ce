// How ELB3 and ELB4 read an application load balancer's attributes: unset (the AWS defaults),
// set among other attributes, or known only at deploy time.
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NON_COMPLIANT, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { AlbDesyncMitigation } from '../../../../../lib/checks/aws/rules/elb/AlbDesyncMitigation';
import { AlbDropsInvalidHeaders } from '../../../../../lib/checks/aws/rules/elb/AlbDropsInvalidHeaders';

function verdicts(loadBalancerAttributes: unknown): { elb3: unknown; elb4: unknown } {
  const app = new App();
  const node = new elbv2.CfnLoadBalancer(new Stack(app, 'Lb'), 'Alb', { subnets: ['subnet-1'], loadBalancerAttributes: loadBalancerAttributes as never });
  const context = { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) };
  return { elb3: AlbDropsInvalidHeaders(node, context), elb4: AlbDesyncMitigation(node, context) };
}

const idle = { key: 'idle_timeout.timeout_seconds', value: '60' };

describe('Bulwark-ELB3 and ELB4 read the attribute they judge among the others', () => {
  it('reads AWS defaults when the attribute is not set, whether or not other attributes are (keeps invalid headers; desync defensive)', () => {
    expect(verdicts(undefined)).toEqual({ elb3: NON_COMPLIANT, elb4: COMPLIANT });
    expect(verdicts([idle])).toEqual({ elb3: NON_COMPLIANT, elb4: COMPLIANT });
  });

  it('judges the attribute set among others', () => {
    expect(
      verdicts([
        idle,
        { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
        { key: 'routing.http.desync_mitigation_mode', value: 'monitor' },
      ]),
    ).toEqual({ elb3: COMPLIANT, elb4: NON_COMPLIANT });
  });

  it('is unresolved when the attributes, or the value of the one judged, are known only at deploy time', () => {
    expect(verdicts(Fn.conditionIf('Strict', [idle], []))).toEqual({ elb3: UNRESOLVED, elb4: UNRESOLVED });
    expect(verdicts([{ key: 'routing.http.desync_mitigation_mode', value: Fn.ref('Mode') }])).toEqual({ elb3: NON_COMPLIANT, elb4: UNRESOLVED });
  });

  it('is unresolved, not a crash, when the attributes are a single object instead of a list', () => {
    expect(verdicts({ key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' })).toEqual({ elb3: UNRESOLVED, elb4: UNRESOLVED });
  });
});
