import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatedEdge } from '../../lib/simulate/edge-verdict';
import { table } from '../format';
import { repositoryRoot } from '../paths';
import { mark } from '../targets';

/** The targets of the efficacy issue. */
export const EFFICACY_TARGETS = {
  /** Share of the attacks an edge's fields can see that its custom rules stop. */
  caughtShare: 0.95,
  /** Benign requests blocked or challenged. */
  benignHits: 0,
} as const;

/** An edge configuration measured: an AWS Web ACL with or without managed groups, or a Cloudflare zone on a plan. */
interface EfficacyConfig {
  readonly label: string;
  readonly kind: 'aws' | 'cloudflare';
  readonly plan?: 'free' | 'pro' | 'business' | 'enterprise';
  readonly managed: boolean;
  /** Whether the target is judged on this row (custom rules alone), or it is shown for information. */
  readonly judged: boolean;
}

const CONFIGS: readonly EfficacyConfig[] = [
  { label: 'AWS, custom rules alone (no managed groups)', kind: 'aws', managed: false, judged: true },
  { label: 'AWS, with the baseline managed groups (information)', kind: 'aws', managed: true, judged: false },
  { label: 'Cloudflare Free', kind: 'cloudflare', plan: 'free', managed: false, judged: true },
  { label: 'Cloudflare Pro', kind: 'cloudflare', plan: 'pro', managed: false, judged: true },
  { label: 'Cloudflare Business', kind: 'cloudflare', plan: 'business', managed: false, judged: true },
  { label: 'Cloudflare Enterprise', kind: 'cloudflare', plan: 'enterprise', managed: false, judged: true },
];

const CLASSES = ['sqlInjection', 'crossSiteScripting', 'pathTraversal', 'badBot'] as const;

/** Where a payload sits that an edge's rules cannot read on a plan: request bodies need Cloudflare Enterprise. */
function visible(config: EfficacyConfig, location: string): boolean {
  return !(config.kind === 'cloudflare' && config.plan !== 'enterprise' && location === 'body');
}

interface Tally {
  attacks: number;
  visible: number;
  caught: number;
  /** Reached a managed rule group or ruleset that may act: neither caught nor missed. */
  unknown: number;
}

interface ConfigResult {
  readonly config: EfficacyConfig;
  readonly byClass: Map<string, Tally>;
  readonly byLocation: Map<string, Tally>;
  benign: number;
  benignHit: number;
  benignUnknown: number;
  readonly benignHitIds: string[];
}

const stopped = (action: string) => action === 'block' || action === 'challenge' || action === 'captcha';

/**
 * Section 5 of the results: the attack rules' efficacy on the public corpus of
 * test/fixtures/efficacy (sources and licences in its SOURCES.md), per edge and plan, computed by
 * synthesizing each edge as the constructs write it and replaying the corpus with the simulator
 * `bulwark simulate` runs. Attack rules only: the profile has no rate limits, so no verdict here
 * is a rate limit's.
 */
export async function efficacySection(progress: (line: string) => void): Promise<string> {
  const corpus = join(repositoryRoot(), 'test', 'fixtures', 'efficacy');
  if (!existsSync(join(corpus, 'attacks.jsonl'))) return '## 5. Attack rule efficacy\n\nNo corpus at test/fixtures/efficacy: nothing measured.\n';
  const { readRequests } = require('../../lib/simulate/requests/read-requests') as typeof import('../../lib/simulate/requests/read-requests');
  const results: ConfigResult[] = [];
  for (const config of CONFIGS) {
    progress(`Efficacy: ${config.label}`);
    const work = mkdtempSync(join(tmpdir(), 'bulwark-bench-efficacy-'));
    try {
      const result: ConfigResult = { config, byClass: new Map(), byLocation: new Map(), benign: 0, benignHit: 0, benignUnknown: 0, benignHitIds: [] };
      // A fresh edge per corpus: nothing one request does (labels, counters) carries to another.
      for (const file of ['attacks.jsonl', 'benign.jsonl']) {
        const edge = synthesizedEdge(config, work);
        for await (const record of readRequests(join(corpus, file), 'jsonl')) {
          if (record.kind !== 'request') throw new Error(`${record.location}: ${record.message}`);
          const { request } = record;
          const verdict = edge.evaluate(request);
          const attackClass = String(request.extra.class);
          if (attackClass === 'benign') {
            result.benign += 1;
            if (stopped(verdict.action)) {
              result.benignHit += 1;
              if (result.benignHitIds.length < 10) result.benignHitIds.push(`${request.id} (${verdict.rule ?? 'default'})`);
            } else if (verdict.action === 'unknown') result.benignUnknown += 1;
            continue;
          }
          const location = String(request.extra.location);
          for (const [map, key] of [
            [result.byClass, attackClass],
            [result.byLocation, location],
          ] as const) {
            const tally = map.get(key) ?? { attacks: 0, visible: 0, caught: 0, unknown: 0 };
            tally.attacks += 1;
            if (visible(config, location)) {
              tally.visible += 1;
              if (stopped(verdict.action)) tally.caught += 1;
              else if (verdict.action === 'unknown') tally.unknown += 1;
            }
            map.set(key, tally);
          }
        }
      }
      results.push(result);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return render(results);
}

/** The edge a configuration synthesizes to, compiled by the simulator from the synthesized output. */
function synthesizedEdge(config: EfficacyConfig, work: string): SimulatedEdge {
  const { Profile } = require('../../lib/profile/profile') as typeof import('../../lib/profile/profile');
  const { Preset } = require('../../lib/profile/preset') as typeof import('../../lib/profile/preset');
  const { deployedEdges } = require('../../lib/simulate/deployed-edges') as typeof import('../../lib/simulate/deployed-edges');
  const profile = Profile.fromPreset(Preset.BASELINE, 'efficacy', {
    edges: [config.kind],
    waf: {
      managedRules: config.managed ? ['common', 'knownBadInputs', 'sqlDatabase', 'ipReputation'] : [],
      block: { sqlInjection: true, crossSiteScripting: true, pathTraversal: true },
      badBots: { action: 'block' },
      // Custom rules on every plan, also where a managed ruleset covers the class: they are what is measured.
      customRulesWhenManaged: true,
    },
    rateLimits: [],
    ...(config.plan === undefined ? {} : { cloudflare: { plan: config.plan } }),
  });
  const outdir = mkdtempSync(join(work, `${config.kind}-`));
  if (config.kind === 'aws') {
    const cdk = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
    const { HardenedWebAcl } = require('../../lib/aws/waf/hardened-web-acl') as typeof import('../../lib/aws/waf/hardened-web-acl');
    const app = new cdk.App({ outdir });
    new HardenedWebAcl(new cdk.Stack(app, 'Efficacy', { env: { region: 'us-east-1' } }), 'Waf', { profile });
    app.synth();
  } else {
    const cdktf = require('cdktf') as typeof import('cdktf');
    const { CloudflareProvider } = require('@cdktf/provider-cloudflare/lib/provider') as typeof import('@cdktf/provider-cloudflare/lib/provider');
    const { CloudflareZoneHardening } = require('bulwark-cloudflare') as typeof import('bulwark-cloudflare');
    const app = new cdktf.App({ outdir });
    const stack = new cdktf.TerraformStack(app, 'efficacy');
    new CloudflareProvider(stack, 'cloudflare', {});
    new CloudflareZoneHardening(stack, 'zone', { zoneId: '023e105f4ecef8ad9ca31a8372d0c353', profile });
    app.synth();
  }
  const [deployed] = deployedEdges([{ kind: config.kind === 'aws' ? 'cdk' : 'cdktf', dir: outdir, label: config.label }]);
  return deployed.edge;
}

const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)} %`);

function render(results: readonly ConfigResult[]): string {
  const classRows = results.flatMap((result) =>
    CLASSES.map((attackClass) => {
      const tally = result.byClass.get(attackClass) ?? { attacks: 0, visible: 0, caught: 0, unknown: 0 };
      return [
        result.config.label,
        attackClass,
        tally.attacks,
        tally.attacks - tally.visible,
        `${tally.caught} / ${tally.visible}`,
        percent(tally.caught, tally.visible),
        tally.unknown,
      ];
    }),
  );
  const locations = [...new Set(results.flatMap((result) => [...result.byLocation.keys()]))].sort();
  const locationRows = results.map((result) => [
    result.config.label,
    ...locations.map((location) => {
      const tally = result.byLocation.get(location);
      if (tally === undefined) return '-';
      return tally.visible === 0 ? `not visible (${tally.attacks})` : `${tally.caught} / ${tally.visible}`;
    }),
  ]);
  const targetRows = results
    .filter((result) => result.config.judged)
    .flatMap((result) => {
      const all = [...result.byClass.values()].reduce((sum, tally) => ({ visible: sum.visible + tally.visible, caught: sum.caught + tally.caught }), {
        visible: 0,
        caught: 0,
      });
      const share = all.visible === 0 ? 0 : all.caught / all.visible;
      return [
        [
          `${result.config.label}: attacks caught of those its fields can see`,
          percent(all.caught, all.visible),
          `≥ ${EFFICACY_TARGETS.caughtShare * 100} %`,
          mark(share >= EFFICACY_TARGETS.caughtShare),
        ],
        [
          `${result.config.label}: benign requests blocked or challenged`,
          `${result.benignHit} of ${result.benign}${result.benignHitIds.length > 0 ? ` (${result.benignHitIds.join(', ')})` : ''}`,
          `${EFFICACY_TARGETS.benignHits}`,
          mark(result.benignHit <= EFFICACY_TARGETS.benignHits),
        ],
      ];
    });
  return [
    '## 5. Attack rule efficacy',
    '',
    "The custom attack rules (SQL injection, XSS, path traversal, bad bots) on the public corpus in test/fixtures/efficacy (attacks with common evasions, and benign requests made to trip naive rules; sources and licences in its SOURCES.md), per edge and plan: each edge synthesized as the constructs write it for a baseline profile with every attack rule on and no rate limit, and each request replayed with the simulator of `bulwark simulate`. Caught: blocked or challenged. Not visible: the payload sits where the plan's rules cannot read (request bodies below Cloudflare Enterprise); the share caught is of the visible ones. Unknown: the request reached a managed rule group or ruleset that may act (Cloudflare's managed rulesets run after the custom rules; AWS's managed groups come first, so the row with them is for information).",
    '',
    table(['edge', 'class', 'attacks', 'not visible', 'caught / visible', 'caught %', 'unknown (managed may act)'], classRows),
    '',
    'By where the payload sits (caught / visible):',
    '',
    table(['edge', ...locations], locationRows),
    '',
    table(
      ['edge', 'benign requests', 'blocked or challenged', 'unknown (managed may act)'],
      results.map((result) => [result.config.label, result.benign, result.benignHit, result.benignUnknown]),
    ),
    '',
    table(['measure', 'value', 'target', 'result'], targetRows),
    '',
  ].join('\n');
}
