/**
 * ISO 8601 date-time with a UTC offset, as RFC 3339 profiles it (`2026-12-07T12:00:00.123Z`,
 * `…+01:00`); a space for `T` and any number of fraction digits (Cloudflare writes nanoseconds).
 * Anchored and without nested repetition: linear on any input, which is also length-capped.
 */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})$/;

/** Milliseconds since the epoch of an ISO 8601 date-time with an offset, or undefined if it is not one (a time without an offset is ambiguous). */
export function parseIsoTimestamp(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const match = ISO_DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const milliseconds = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0–99 as 1900–1999
  if (date.getUTCDate() !== day) return undefined; // 2026-02-30
  date.setUTCHours(hour, minute, second, milliseconds);
  const zone = match[8];
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 23 || minutes > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  return date.getTime() - offsetMinutes * 60_000;
}
