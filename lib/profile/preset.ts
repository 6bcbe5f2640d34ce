/**
 * A preset a profile extends: the profile it starts from before its own fields. The values are
 * the preset names a profile file gives as `extends`.
 */
export enum Preset {
  /** Secure for a typical API: TLS 1.2+, one-year HSTS, the common managed rule groups, 90-day rotation. */
  BASELINE = 'baseline',
  /** Baseline tightened for internet-facing production: TLS 1.3 only, two-year HSTS with preload, 30-day rotation. */
  STRICT = 'strict',
}
