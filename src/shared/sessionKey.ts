/**
 * The one key every view knows a session by, whatever its source: `<source>:<id>`, e.g. `own:3f2a…`,
 * `claude-code:<uuid>`, `codex:<rollout id>`. Build it with `sessionKey`, read it with `parseSessionKey`;
 * nowhere else splits or prefixes these strings. Imports nothing but plain types.
 */
import type { SessionSource } from './sessionTypes';

export type SessionKey = `${SessionSource}:${string}`;

const SOURCES: readonly SessionSource[] = ['own', 'claude-code', 'codex'];

export function sessionKey(source: SessionSource, id: string): SessionKey {
  return `${source}:${id}`;
}

/** The source and id of a key; undefined for anything that is not one (a bare id, an unknown source). */
export function parseSessionKey(value: unknown): { source: SessionSource; id: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) return undefined;
  const source = value.slice(0, colon) as SessionSource;
  return SOURCES.includes(source) ? { source, id: value.slice(colon + 1) } : undefined;
}

export function isSessionKey(value: unknown): value is SessionKey {
  return parseSessionKey(value) !== undefined;
}

/** The id of one of our own sessions named by `value`: a key `own:<id>`, or the bare id itself. */
export function ownIdOf(value: string): string | undefined {
  const key = parseSessionKey(value);
  if (key) return key.source === 'own' ? key.id : undefined;
  return value.includes(':') ? undefined : value;
}
