import type { AwsVariant } from './aws/synth-child';
import { WCU_BASE_PRICE_LIMIT } from '../lib/aws/waf/capacity';

/** The targets of issue 9. */
export const TARGETS = {
  /** Bulwark constructs against the same app in plain L1 constructs. */
  bulwarkOverL1: 1.15,
  /** BulwarkChecks' cost as a share of AwsSolutionsChecks' cost on the same app. */
  checksShare: 0.5,
  /** Growth of the checks' cost from 100 to 1,000 services: linear is 10. */
  checksGrowth: 12,
  wcuBudget: WCU_BASE_PRICE_LIMIT,
} as const;

export const mark = (met: boolean): string => (met ? 'met' : '**MISSED**');

export interface TargetRow {
  readonly measure: string;
  readonly services: string;
  readonly value: string;
  readonly target: string;
  readonly met: boolean;
}

type WallTime = (services: number, variant: AwsVariant, validator?: 'on' | 'off') => number;

/** b/a and (c−b)/(d−b) at every size; the checks' growth t(1000)/t(100) when both sizes ran. */
export function awsTargets(sizes: readonly number[], wall: WallTime): TargetRow[] {
  const checksCost = (services: number, variant: AwsVariant) => wall(services, variant) - wall(services, 'bulwark');
  const rows: TargetRow[] = [];
  for (const services of sizes) {
    const overhead = wall(services, 'bulwark') / wall(services, 'l1');
    rows.push({ measure: 'b / a: Bulwark constructs against plain L1', services: String(services), value: overhead.toFixed(2), target: `≤ ${TARGETS.bulwarkOverL1}`, met: overhead <= TARGETS.bulwarkOverL1 });
  }
  for (const services of sizes) {
    const share = checksCost(services, 'bulwark+bulwark-checks') / checksCost(services, 'bulwark+aws-solutions');
    rows.push({ measure: '(c − b) / (d − b): BulwarkChecks against AwsSolutionsChecks', services: String(services), value: share.toFixed(2), target: `≤ ${TARGETS.checksShare}`, met: share <= TARGETS.checksShare });
  }
  if (sizes.includes(100) && sizes.includes(1_000)) {
    for (const variant of ['bulwark+bulwark-checks', 'bulwark+aws-solutions'] as const) {
      const growth = checksCost(1_000, variant) / checksCost(100, variant);
      const name = variant === 'bulwark+bulwark-checks' ? 'BulwarkChecks (c − b)' : 'AwsSolutionsChecks (d − b), for comparison';
      rows.push({ measure: `growth of ${name}: t(1000) / t(100)`, services: '100 → 1000', value: growth.toFixed(1), target: variant === 'bulwark+bulwark-checks' ? `≤ ${TARGETS.checksGrowth}` : '-', met: variant === 'bulwark+bulwark-checks' ? growth <= TARGETS.checksGrowth : true });
    }
  }
  const validatorCost = sizes.map((services) => `${services}: +${((wall(services, 'bulwark', 'on') / wall(services, 'bulwark') - 1) * 100).toFixed(0)}%`).join(', ');
  rows.push({ measure: 'cost of the built-in CloudFormation validator on b (information)', services: 'all', value: validatorCost, target: '-', met: true });
  return rows;
}
