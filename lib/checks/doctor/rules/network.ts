import { isPublicWebPort, opensToWholeInternet, SSH_PORT } from '../../../policy/invariants';
import { isWholeInternet } from '../../../profile/cidr';
import { violationIf, type DoctorRule } from '../doctor-rule';

export const sshOpenToInternet: DoctorRule = ({ profile }) => [
  ...profile.network.adminCidrs.flatMap((cidr, index) => violationIf(isWholeInternet(cidr), `network.adminCidrs[${index}]`, cidr)),
  // Blocks that add up to every address (0.0.0.0/1 and 128.0.0.0/1) open SSH as /0 does.
  ...violationIf(
    !profile.network.adminCidrs.some(isWholeInternet) && opensToWholeInternet(profile.network.adminCidrs),
    'network.adminCidrs',
    'blocks that together cover every address',
  ),
  ...profile.network.ingressPorts.flatMap((port, index) => violationIf(port === SSH_PORT, `network.ingressPorts[${index}]`, 'port 22 open to every source')),
];

export const extraIngressPorts: DoctorRule = ({ profile }) =>
  profile.network.ingressPorts.flatMap((port, index) =>
    violationIf(port !== SSH_PORT && !isPublicWebPort(port), `network.ingressPorts[${index}]`, `port ${port}`),
  );

export const imdsv1Allowed: DoctorRule = ({ profile }) => violationIf(!profile.network.requireImdsv2, 'network.requireImdsv2', 'false');

export const ssrfGuardOff: DoctorRule = ({ profile }) => violationIf(!profile.application.ssrfGuard, 'application.ssrfGuard', 'false');

/** HTTPS to any host: the application tier can send data anywhere (and an SSRF can reach anything). */
export const httpsEgressToInternet: DoctorRule = ({ policy }) =>
  violationIf(
    opensToWholeInternet(policy.network.egress.https.filter((destination) => !destination.startsWith('pl-'))),
    'network.egress.https',
    'HTTPS to every address',
  );

/** The profile has the Cloudflare edge yet says its origin answers the internet: the edge's rules can be gone around. */
export const originBypassesEdge: DoctorRule = ({ profile }) =>
  violationIf(
    profile.edges.includes('cloudflare') && profile.network.origin.behind === 'internet',
    'network.origin.behind',
    'internet, with the cloudflare edge',
  );
