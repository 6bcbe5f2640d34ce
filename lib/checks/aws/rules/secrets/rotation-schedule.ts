/**
 * The longest time between two rotations a Secrets Manager schedule expression allows, in days:
 * `rate(N days|hours|minutes)` exactly; `cron(minutes hours day-of-month month day-of-week year)`
 * by the longest gap between the days it fires on, over 28 years of calendar (every weekday and
 * leap-year combination). The time of day does not lengthen the gap (every firing day fires at
 * the same times). Anything this cannot bound (a year other than `*`, `W`, a malformed field, a
 * schedule that never fires) is undefined: unresolved, never a pass.
 */
export function scheduleIntervalDays(expression: string): number | undefined {
  const rate = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/.exec(expression.trim());
  if (rate) {
    const amount = Number(rate[1]);
    if (amount <= 0) return undefined;
    return rate[2].startsWith('day') ? amount : rate[2].startsWith('hour') ? amount / 24 : amount / 1_440;
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  return cron ? cronIntervalDays(cron[1].trim().split(/\s+/)) : undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** AWS cron numbers weekdays 1 (SUN) to 7 (SAT). */
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The values a cron field of numbers (or names) allows: `*`, N, A-B, and `/step` on either, comma-separated; undefined when malformed. */
function fieldValues(field: string, min: number, max: number, names: readonly string[] = []): Set<number> | undefined {
  const value = (text: string): number | undefined => {
    const named = names.indexOf(text.toUpperCase());
    const number = named >= 0 ? named + min : /^\d+$/.test(text) ? Number(text) : NaN;
    return number >= min && number <= max ? number : undefined;
  };
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^([^/-]+)(?:-([^/]+))?(?:\/(\d+))?$/.exec(part);
    if (!match) return undefined;
    const step = match[3] === undefined ? 1 : Number(match[3]);
    const from = match[1] === '*' ? min : value(match[1]);
    const to = match[1] === '*' ? max : match[2] !== undefined ? value(match[2]) : match[3] !== undefined ? max : from;
    if (from === undefined || to === undefined || step < 1 || (match[1] === '*' && match[2] !== undefined)) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values.size === 0 ? undefined : values;
}

type DayMatcher = (date: Date, daysInMonth: number) => boolean;

/** Day-of-month: `?` (any: the day-of-week decides), `L` (last day), or day numbers. */
function dayOfMonth(field: string): DayMatcher | undefined {
  if (field === '?') return () => true;
  if (field === 'L') return (date, days) => date.getUTCDate() === days;
  const days = fieldValues(field, 1, 31);
  return days && ((date) => days.has(date.getUTCDate()));
}

/** Day-of-week: `?`, weekdays, `D#N` (the Nth such weekday of the month) or `DL` (the last). */
function dayOfWeek(field: string): DayMatcher | undefined {
  if (field === '?') return () => true;
  const weekday = (text: string): number | undefined => fieldValues(text, 1, 7, WEEKDAYS)?.values().next().value;
  const nth = /^([^#]+)#([1-5])$/.exec(field);
  if (nth) {
    const day = /^\w+$/.test(nth[1]) ? weekday(nth[1]) : undefined;
    return day === undefined ? undefined : (date) => date.getUTCDay() + 1 === day && Math.ceil(date.getUTCDate() / 7) === Number(nth[2]);
  }
  const last = /^(\w+)L$/.exec(field);
  if (last) {
    const day = weekday(last[1]);
    return day === undefined ? undefined : (date, days) => date.getUTCDay() + 1 === day && date.getUTCDate() + 7 > days;
  }
  const days = fieldValues(field, 1, 7, WEEKDAYS);
  return days && ((date) => days.has(date.getUTCDay() + 1));
}

const DAY_MS = 86_400_000;
/** 28 years: every combination of weekday and leap year recurs within it (2100 is beyond it). */
const CALENDAR_START = Date.UTC(2024, 0, 1);
const CALENDAR_END = Date.UTC(2052, 0, 1);

function cronIntervalDays(fields: string[]): number | undefined {
  if (fields.length !== 6) return undefined;
  const [minutes, hours, dom, month, dow, year] = fields;
  // A year other than every year stops the rotation; exactly one of the day fields is `?`.
  if (year !== '*' || (dom === '?') === (dow === '?')) return undefined;
  if (!fieldValues(minutes, 0, 59) || !fieldValues(hours, 0, 23)) return undefined;
  const months = fieldValues(month, 1, 12, MONTHS);
  const matchesDom = dayOfMonth(dom);
  const matchesDow = dayOfWeek(dow);
  if (!months || !matchesDom || !matchesDow) return undefined;
  let first: number | undefined;
  let previous: number | undefined;
  let longest = 0;
  for (let time = CALENDAR_START; time < CALENDAR_END; time += DAY_MS) {
    const date = new Date(time);
    const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    if (!months.has(date.getUTCMonth() + 1) || !matchesDom(date, daysInMonth) || !matchesDow(date, daysInMonth)) continue;
    const day = Math.round(time / DAY_MS);
    if (previous !== undefined) longest = Math.max(longest, day - previous);
    first ??= day;
    previous = day;
  }
  // A schedule that fires once in 28 years (or never) is not bounded here.
  return first === undefined || first === previous ? undefined : longest;
}
