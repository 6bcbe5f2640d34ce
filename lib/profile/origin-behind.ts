/** The part of a profile that decides what sits in front of the origin. */
export interface OriginSource {
  readonly edges: readonly string[];
  readonly network: { readonly origin: { readonly behind?: 'internet' | 'cloudfront' | 'cloudflare' } };
}

/**
 * What sits in front of the origin: network.origin.behind, else cloudflare when the profile's
 * edges include cloudflare (its rules only see proxied traffic), else the internet.
 */
export function originBehind(profile: OriginSource): 'internet' | 'cloudfront' | 'cloudflare' {
  return profile.network.origin.behind ?? (profile.edges.includes('cloudflare') ? 'cloudflare' : 'internet');
}
