import type { HardeningProblem } from '../../core/hardening-validation-error';
import { isPublicWebPort, opensToWholeInternet, SSH_PORT } from '../../policy/invariants';
import type { Policy } from '../../policy/model';
import { isWholeInternet } from '../../profile/cidr';

/** What EdgeSecurityGroups has besides the policy (the doctor, on the profile alone, has none). */
export interface EdgeSecurityGroupInputs {
  /** Whether CloudFront's origin-facing prefix list was given. */
  readonly cloudFrontPrefixList: boolean;
}

/**
 * What EdgeSecurityGroups refuses in a policy: SSH from the whole internet, public ports other
 * than 80 and 443; behind CloudFront, a missing prefix list or no port 443 (the only one CloudFront's list opens).
 */
export function edgeSecurityGroupProblems(policy: Policy, inputs?: EdgeSecurityGroupInputs): HardeningProblem[] {
  const { network } = policy;
  return [
    ...(network.origin.behind === 'cloudfront' && inputs !== undefined && !inputs.cloudFrontPrefixList
      ? [
          {
            field: 'cloudFrontPrefixList',
            message:
              "network.origin.behind is cloudfront, so the load balancer admits only CloudFront's origin-facing prefix list; pass cloudFrontPrefixList (ec2.PrefixList.fromPrefixListId with the Region's com.amazonaws.global.cloudfront.origin-facing ID)",
          },
        ]
      : []),
    ...(network.origin.behind === 'cloudfront' && !network.ingressPorts.includes(443)
      ? [{ field: 'network.ingressPorts', message: 'behind CloudFront the load balancer serves HTTPS (443) to CloudFront only; add 443' }]
      : []),
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
