import { redactSecrets } from '../core/transcripts/redact';

/** The channel methods that write text; everything else (show, dispose, logLevel…) is passed through. */
const WRITERS = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

function redactArg(arg: unknown): unknown {
  if (typeof arg === 'string') return redactSecrets(arg);
  if (arg instanceof Error) return redactSecrets(arg.stack ?? `${arg.name}: ${arg.message}`);
  if (arg === null || typeof arg !== 'object') return arg;
  try {
    return redactSecrets(JSON.stringify(arg));
  } catch {
    return redactSecrets(String(arg));
  }
}

/**
 * The output channel as every part of the extension writes to it: each message and argument passes
 * through `redactSecrets` first (an error from a transcript or an endpoint may quote a key).
 */
export function redactingLog<T extends object>(channel: T): T {
  return new Proxy(channel, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!WRITERS.has(prop)) return method.bind(target);
      return (...args: unknown[]) => method.apply(target, args.map(redactArg));
    },
  });
}
