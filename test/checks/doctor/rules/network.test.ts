import { describe, expect, it } from 'vitest';
import {
  extraIngressPorts,
  httpsEgressToInternet,
  imdsv1Allowed,
  originBypassesEdge,
  sshOpenToInternet,
  ssrfGuardOff,
} from '../../../../lib/checks/doctor/rules/network';
import { violations } from './doctor-context';

const network = (settings: Record<string, unknown>) => ({ network: settings });

describe('sshOpenToInternet', () => {
  it('reports each admin CIDR that is the whole internet, at its index', () => {
    expect(violations(sshOpenToInternet, network({ adminCidrs: ['10.0.0.0/8', '0.0.0.0/0'] }))).toEqual([
      { path: 'network.adminCidrs[1]', observed: '0.0.0.0/0' },
    ]);
  });

  it('reports admin CIDRs that together cover every address, once at the list', () => {
    expect(violations(sshOpenToInternet, network({ adminCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }))).toEqual([
      { path: 'network.adminCidrs', observed: 'blocks that together cover every address' },
    ]);
  });

  it('reports port 22 open to every source, at its index', () => {
    expect(violations(sshOpenToInternet, network({ ingressPorts: [443, 22] }))).toEqual([
      { path: 'network.ingressPorts[1]', observed: 'port 22 open to every source' },
    ]);
  });

  it('passes private admin CIDRs, half the internet, and web ports', () => {
    expect(violations(sshOpenToInternet, network({ adminCidrs: ['10.0.0.0/8', '0.0.0.0/1'], ingressPorts: [443, 80] }))).toEqual([]);
  });
});

describe('extraIngressPorts', () => {
  it('reports ports other than the web ports and SSH, at their index', () => {
    expect(violations(extraIngressPorts, network({ ingressPorts: [443, 8080, 22] }))).toEqual([{ path: 'network.ingressPorts[1]', observed: 'port 8080' }]);
  });

  it('passes 80 and 443, and leaves port 22 to the SSH rule', () => {
    expect(violations(extraIngressPorts, network({ ingressPorts: [80, 443, 22] }))).toEqual([]);
  });
});

describe('switches', () => {
  it('reports IMDSv1 allowed and passes IMDSv2 required', () => {
    expect(violations(imdsv1Allowed, network({ requireImdsv2: false }))).toEqual([{ path: 'network.requireImdsv2', observed: 'false' }]);
    expect(violations(imdsv1Allowed, network({ requireImdsv2: true }))).toEqual([]);
  });

  it('reports the SSRF guard off and passes it on', () => {
    expect(violations(ssrfGuardOff, { application: { ssrfGuard: false } })).toEqual([{ path: 'application.ssrfGuard', observed: 'false' }]);
    expect(violations(ssrfGuardOff, { application: { ssrfGuard: true } })).toEqual([]);
  });
});

describe('httpsEgressToInternet', () => {
  it('reports HTTPS to every address, whole or in blocks', () => {
    const found = [{ path: 'network.egress.https', observed: 'HTTPS to every address' }];
    expect(violations(httpsEgressToInternet, network({ egress: { https: ['0.0.0.0/0'] } }))).toEqual(found);
    expect(violations(httpsEgressToInternet, network({ egress: { https: ['0.0.0.0/1', '128.0.0.0/1'] } }))).toEqual(found);
  });

  it('passes named destinations and prefix lists', () => {
    expect(violations(httpsEgressToInternet, network({ egress: { https: ['203.0.113.0/24', 'pl-12345678'] } }))).toEqual([]);
    expect(violations(httpsEgressToInternet, network({ egress: { https: [] } }))).toEqual([]);
  });
});

describe('originBypassesEdge', () => {
  it('reports an origin that answers the internet behind the Cloudflare edge', () => {
    expect(violations(originBypassesEdge, network({ origin: { behind: 'internet' } }))).toEqual([
      { path: 'network.origin.behind', observed: 'internet, with the cloudflare edge' },
    ]);
  });

  it('passes an internet origin without the Cloudflare edge', () => {
    expect(violations(originBypassesEdge, { edges: ['aws'], ...network({ origin: { behind: 'internet' } }) })).toEqual([]);
  });
});
