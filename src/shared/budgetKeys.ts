/** The budget limits that are numbers with a meter (and can be raised from a stop), declared once. */
export const LIMIT_KEYS = [
  'maxToolCalls',
  'maxValidationRuns',
  'maxChangedFiles',
  'maxMinutes',
  'maxTokens',
  'maxCostUsd',
  'maxRepeats',
] as const;

export type LimitKey = (typeof LIMIT_KEYS)[number];

export const LIMIT_LABELS: { [K in LimitKey]: string } = {
  maxToolCalls: 'Tool calls',
  maxValidationRuns: 'Validation runs',
  maxChangedFiles: 'Changed files',
  maxMinutes: 'Minutes this turn',
  maxTokens: 'Tokens',
  maxCostUsd: 'US$',
  maxRepeats: 'Same call in a row',
};

/** The same call this many times in a row stops a turn when the budget sets no `maxRepeats`. */
export const DEFAULT_REPEATS = 3;

export function isLimitKey(value: unknown): value is LimitKey {
  return typeof value === 'string' && (LIMIT_KEYS as readonly string[]).includes(value);
}
