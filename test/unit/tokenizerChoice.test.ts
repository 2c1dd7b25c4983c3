import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodingFor } from '../../src/core/contextWindow';
import { Tiktoken } from 'js-tiktoken/lite';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';

describe('tokenizer choice', () => {
  it('picks o200k_base for current OpenAI models and cl100k_base for older ones', () => {
    assert.equal(encodingFor('gpt-4o'), 'o200k_base');
    assert.equal(encodingFor('gpt-5-mini'), 'o200k_base');
    assert.equal(encodingFor('o3-mini'), 'o200k_base');
    assert.equal(encodingFor('gpt-4-0613'), 'cl100k_base');
    assert.equal(encodingFor('gpt-3.5-turbo'), 'cl100k_base');
  });
});

describe('counting a long run without spaces', () => {
  // js-tiktoken's BPE is quadratic in one pre-token's length: 30,000 "x" took minutes in one piece
  it('ends, and text without such runs counts exactly as one encode', { timeout: 30_000 }, () => {
    const counter = createTiktokenCounter(packageRanks);
    assert.equal(counter.countSync('x'.repeat(100_000), 'gpt-4o'), 12_500);
    const prose = 'The ledger rounds half even; see billing/rounding.ts line 12. '.repeat(50);
    const exact = new Tiktoken(packageRanks('o200k_base')).encode(prose, [], []).length;
    assert.equal(counter.countSync(prose, 'gpt-4o'), exact);
  });
});
