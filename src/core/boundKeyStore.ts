import type { BoundKey, ConfirmKeyOrigin, KeyChoice } from './keyOrigin';
import { keyDecision, parseBoundKey, serializeBoundKey, UNKNOWN_ORIGIN } from './keyOrigin';

/** The secret store, as VS Code's SecretStorage offers it. */
export interface SecretSlots {
  get(name: string): PromiseLike<string | undefined>;
  store(name: string, value: string): PromiseLike<void>;
  delete(name: string): PromiseLike<void>;
}

export interface BoundKeyDeps {
  secrets: SecretSlots;
  /** Where `{ key, origin }` is kept, and where a plain key of an earlier version may be. */
  names: { bound: string; legacy: string };
  log(line: string): void;
}

/** What a turn gets: the key for this origin, no key, or a refusal because the user did not confirm. */
export type KeyForOrigin = { kind: 'key'; key: string } | { kind: 'none' } | { kind: 'declined'; keyOrigin: string };

/** What Set Endpoint did with the key: nothing to do, rebound, kept on its origin, or the change was cancelled. */
export type EndpointKeyOutcome = 'unchanged' | 'rebound' | 'kept' | 'cancelled';

/**
 * The API key bound to its origin, in SecretStorage. Sent without asking only to that origin; another
 * origin needs the user's yes (which rebinds it). "Continue Without Key" is remembered until the key changes.
 */
export class BoundKeyStore {
  private readonly withoutKey = new Set<string>();
  private readonly asking = new Map<string, Promise<KeyChoice>>();
  private migration?: Promise<void>;

  constructor(private readonly deps: BoundKeyDeps) {}

  async current(): Promise<BoundKey | undefined> {
    return parseBoundKey(await this.deps.secrets.get(this.deps.names.bound));
  }

  /**
   * Binds a plain key stored by an earlier version, once: to the origin configured at activation (the
   * caller passes it, whatever the http policy says of it), or, with none, to an unknown origin, so the
   * first request anywhere asks. The first call wins; later ones wait for it.
   */
  migrate(origin: string | undefined): Promise<void> {
    this.migration ??= this.bindLegacy(origin ?? UNKNOWN_ORIGIN);
    return this.migration;
  }

  private async bindLegacy(origin: string): Promise<void> {
    const { secrets, names } = this.deps;
    const legacy = (await secrets.get(names.legacy))?.trim();
    if (!legacy) return;
    if (!(await this.current())) {
      await secrets.store(names.bound, serializeBoundKey({ key: legacy, origin }));
      this.deps.log(`The stored API key is now bound to ${origin} (the endpoint configured when it was moved).`);
    }
    await secrets.delete(names.legacy);
  }

  /** Binds `key` to `origin`; an empty key removes it. */
  async set(key: string, origin: string): Promise<void> {
    const { secrets, names } = this.deps;
    this.withoutKey.clear();
    await secrets.delete(names.legacy);
    if (key.trim()) await secrets.store(names.bound, serializeBoundKey({ key: key.trim(), origin }));
    else await secrets.delete(names.bound);
  }

  /** The key for a request to `endpointOrigin`, asking first when it was entered for another origin. */
  async keyFor(endpointOrigin: string, confirm: ConfirmKeyOrigin): Promise<KeyForOrigin> {
    await this.migrate(undefined);
    const bound = await this.current();
    if (!bound) return { kind: 'none' };
    if (keyDecision(bound.origin, endpointOrigin) === 'send') return { kind: 'key', key: bound.key };
    const pair = `${bound.origin} ${endpointOrigin}`;
    if (this.withoutKey.has(pair)) return { kind: 'none' };
    const choice = await this.ask(pair, () => confirm(bound.origin, endpointOrigin));
    if (choice === 'send') {
      await this.rebind(bound, endpointOrigin);
      return { kind: 'key', key: bound.key };
    }
    if (choice === 'without') {
      this.withoutKey.add(pair);
      return { kind: 'none' };
    }
    return { kind: 'declined', keyOrigin: bound.origin };
  }

  /**
   * The key for a background read from `endpointOrigin` (its models list, say): only when the key was entered
   * for that origin. Never asks and never rebinds; otherwise the read goes without a key.
   */
  async keyIfBound(endpointOrigin: string): Promise<string | undefined> {
    await this.migrate(undefined);
    const bound = await this.current();
    return bound && keyDecision(bound.origin, endpointOrigin) === 'send' ? bound.key : undefined;
  }

  /** Set Endpoint from `oldOrigin` to `newOrigin`: the same question, asked now. */
  async endpointChanging(
    oldOrigin: string | undefined,
    newOrigin: string,
    confirm: ConfirmKeyOrigin,
  ): Promise<EndpointKeyOutcome> {
    await this.migrate(undefined);
    const bound = await this.current();
    if (!bound || keyDecision(bound.origin, newOrigin) === 'send') return 'unchanged';
    const pair = `${bound.origin} ${newOrigin}`;
    const choice = await this.ask(pair, () => confirm(bound.origin, newOrigin));
    if (choice === 'send') await this.rebind(bound, newOrigin);
    else if (choice === 'without') this.withoutKey.add(pair);
    return choice === 'send' ? 'rebound' : choice === 'without' ? 'kept' : 'cancelled';
  }

  private async rebind(bound: BoundKey, origin: string): Promise<void> {
    await this.deps.secrets.store(this.deps.names.bound, serializeBoundKey({ key: bound.key, origin }));
    this.deps.log(`The API key, entered for ${bound.origin}, is now bound to ${origin} (confirmed by the user).`);
  }

  /** One question per origin pair at a time: turns started together share the answer. */
  private ask(pair: string, question: () => Promise<KeyChoice>): Promise<KeyChoice> {
    const pending = this.asking.get(pair);
    if (pending) return pending;
    const asked = question().finally(() => this.asking.delete(pair));
    this.asking.set(pair, asked);
    return asked;
  }
}
