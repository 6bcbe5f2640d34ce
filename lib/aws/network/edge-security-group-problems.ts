import type { HardeningProblem } from '../../core/hardening-validation-error';
import { isPublicWebPort, opensToWholeInternet, SSH_PORT } from '../../policy/invariants';
import type { Policy } from '../../policy/model';
import { isWholeInternet } from '../../profile/cidr';

/** What EdgeSecurityGroups refuses in a policy: SSH from the whole internet, public ports other than 80 and 443. */
export function edgeSecurityGroupProblems(policy: Policy): HardeningProblem[] {
  const { network } = policy;
  return [
    ...network.adminCidrs.flatMap((cidr) =>
      isWholeInternet(cidr) ? [{ field: 'network.adminCidrs', message: `${cidr} opens SSH to the whole internet; list the admin addresses` }] : [],
    ),
    ...(!network.adminCidrs.some(isWholeInternet) && opensToWholeInternet(network.adminCidrs)
      ? [{ field: 'network.adminCidrs', message: 'the blocks together cover every address, which opens SSH to the whole internet; list the admin addresses' }]
      : []),
    ...network.ingressPorts.flatMap((port) => {
      const field = 'network.ingressPorts';
      if (port === SSH_PORT) return [{ field, message: 'port 22 would be open to every source; SSH is allowed only from network.adminCidrs' }];
      if (!isPublicWebPort(port))
        return [{ field, message: `port ${port} cannot be opened to the internet: the load balancer serves only 80 (redirect) and 443` }];
      return [];
    }),
  ];
}
