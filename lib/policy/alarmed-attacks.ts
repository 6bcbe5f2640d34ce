import type { AlarmedAttack } from './model';

/** The attack classes with an alarm of their own, in the order their alarms are created. */
export const ALARMED_ATTACK_NAMES: readonly AlarmedAttack[] = ['sqlInjection', 'crossSiteScripting', 'pathTraversal', 'badBots'];
