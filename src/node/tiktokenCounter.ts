import * as path from 'path';
import { Tiktoken } from 'js-tiktoken/lite';
import type { TiktokenBPE } from 'js-tiktoken/lite';
import { encodingFor } from '../core/contextWindow';
import type { TokenCounter } from '../core/ports';

export type Encoding = ReturnType<typeof encodingFor>;
export type RanksLoader = (encoding: Encoding) => TiktokenBPE;

/**
 * Loads rank tables from the bundles the build writes to `<dist>/tokenizer/<encoding>.js`.
 * The path is computed at run time, so the 1-2 MB tables stay out of the extension bundle and are
 * read only when the first count is asked for, never on activation.
 */
export function bundledRanks(distFolder: string): RanksLoader {
  return (encoding) => {
    const file = path.join(distFolder, 'tokenizer', `${encoding}.js`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { default?: TiktokenBPE } & TiktokenBPE;
    return mod.default ?? mod;
  };
}

/** Rank tables straight from the js-tiktoken package (tests, benchmarks). */
export const packageRanks: RanksLoader = (encoding) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`js-tiktoken/ranks/${encoding}`) as { default?: TiktokenBPE } & TiktokenBPE;
  return mod.default ?? mod;
};

const RUN_PIECE = 64;
const LONG_RUN_TEST = /\S{256}/;
const LONG_RUN = /(\S{256,})/;

/** Counts with js-tiktoken (o200k_base or cl100k_base by model family); each encoder is built once, lazily. */
export function createTiktokenCounter(
  loadRanks: RanksLoader,
): TokenCounter & { countSync(text: string, model: string): number } {
  const encoders = new Map<Encoding, Tiktoken>();
  const encoderFor = (encoding: Encoding) => {
    let encoder = encoders.get(encoding);
    if (!encoder) {
      encoder = new Tiktoken(loadRanks(encoding));
      encoders.set(encoding, encoder);
    }
    return encoder;
  };
  const countSync = (text: string, model: string) => {
    if (!text) return 0;
    const encoder = encoderFor(encodingFor(model));
    if (!LONG_RUN_TEST.test(text)) return encoder.encode(text, [], []).length;
    // BPE on one long run without spaces (a base64 blob, a line of "=", minified code) is quadratic in its
    // length: such runs are counted in pieces (exact elsewhere; off by a few tokens at each cut)
    let tokens = 0;
    for (const part of text.split(LONG_RUN))
      if (part.length < RUN_PIECE) tokens += part ? encoder.encode(part, [], []).length : 0;
      else
        for (let i = 0; i < part.length; i += RUN_PIECE)
          tokens += encoder.encode(part.slice(i, i + RUN_PIECE), [], []).length;
    return tokens;
  };
  return {
    countSync,
    async count(text, model) {
      const encoding = encodingFor(model);
      return { tokens: countSync(text, model), encoding };
    },
  };
}
