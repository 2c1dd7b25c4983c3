/**
 * The API key is bound to the origin (scheme, host, port) it was entered for. It goes to that origin
 * without asking; to any other origin only after the user says so, naming both.
 */
export type KeyDecision = 'send' | 'ask';

/** Where a key of an earlier version went when no endpoint was configured to bind it to: never equal to an origin. */
export const UNKNOWN_ORIGIN = 'an endpoint set before this version (origin not recorded)';

export function keyDecision(keyOrigin: string, endpointOrigin: string): KeyDecision {
  return keyOrigin === endpointOrigin ? 'send' : 'ask';
}

/** What the user chose when asked: send and rebind, go on without the key, or dismissed (undefined). */
export type KeyChoice = 'send' | 'without' | undefined;

/** Asks the user; the UI version is a modal, tests pass a function. */
export type ConfirmKeyOrigin = (keyOrigin: string, endpointOrigin: string) => Promise<KeyChoice>;

export function keyOriginQuestion(keyOrigin: string, endpointOrigin: string): string {
  return `The API key was entered for ${keyOrigin}. Send it to ${endpointOrigin}?`;
}

export function sendKeyLabel(endpointOrigin: string): string {
  return `Send Key to ${hostOf(endpointOrigin)}`;
}

export const WITHOUT_KEY_LABEL = 'Continue Without Key';

export function keyNotSentMessage(keyOrigin: string, endpointOrigin: string): string {
  return (
    `The API key was entered for ${keyOrigin} and was not sent to ${endpointOrigin}. Send the turn again and` +
    ` choose "${sendKeyLabel(endpointOrigin)}" or "${WITHOUT_KEY_LABEL}", or run 'Agent Sessions: Set API Key'.`
  );
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

/** The stored form: the key and its origin, as JSON. */
export interface BoundKey {
  key: string;
  origin: string;
}

export function parseBoundKey(raw: string | undefined): BoundKey | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<BoundKey>;
    if (typeof value.key === 'string' && value.key && typeof value.origin === 'string' && value.origin) {
      return { key: value.key, origin: value.origin };
    }
  } catch {
    // not ours: treated as absent
  }
  return undefined;
}

export function serializeBoundKey(bound: BoundKey): string {
  return JSON.stringify({ key: bound.key, origin: bound.origin });
}
