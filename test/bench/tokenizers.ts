import { encode as gptTokenizerEncode } from 'gpt-tokenizer'; // default encoding: o200k_base
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { median, ms, runs } from './stats';

/** js-tiktoken (what we ship) against gpt-tokenizer on the same ~1 MB of mixed prose and code, same run. */
export function benchTokenizers(): { jsTiktokenMBps: number; gptTokenizerMBps: number } {
  const sample = [
    'Compaction with a focus instruction that the user can preview and edit before it replaces the context.',
    'export function reduce(state: SessionState, record: SessionEvent): SessionState { return { ...state, lastSeq: record.seq }; }',
    '{"seq":12,"at":"2026-11-22T10:00:00.000Z","type":"assistant_delta","turnId":"t3","text":"Hello — ünïcödé ✓"}',
  ].join('\n');
  const text = sample.repeat(Math.ceil(1_000_000 / sample.length));
  const counter = createTiktokenCounter(packageRanks);
  let a = 0;
  let b = 0;
  counter.countSync('warm up', 'gpt-4o');
  gptTokenizerEncode('warm up');
  const tik = runs(3, () => {
    a = counter.countSync(text, 'gpt-4o');
  });
  const gpt = runs(3, () => {
    b = gptTokenizerEncode(text).length;
  });
  const mb = Buffer.byteLength(text) / 1e6;
  const jsTiktokenMBps = mb / (median(tik) / 1000);
  const gptTokenizerMBps = mb / (median(gpt) / 1000);
  console.log(
    `tokenizer throughput on ${mb.toFixed(2)} MB (o200k_base), ${a === b ? 'same token count' : `COUNTS DIFFER ${a} vs ${b}`} (${a}):`,
  );
  console.log(
    `  js-tiktoken ${ms(median(tik))} = ${jsTiktokenMBps.toFixed(2)} MB/s | gpt-tokenizer ${ms(median(gpt))} = ${gptTokenizerMBps.toFixed(2)} MB/s | ratio js-tiktoken/gpt-tokenizer ${(jsTiktokenMBps / gptTokenizerMBps).toFixed(2)}x`,
  );
  return { jsTiktokenMBps, gptTokenizerMBps };
}
