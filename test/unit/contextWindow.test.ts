import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodingFor, modelLimits } from '../../src/core/contextWindow';

describe('contextWindow', () => {
  it('knows well-known models, with provider prefixes and longest-prefix match', () => {
    assert.equal(modelLimits('gpt-4o-mini')?.contextWindow, 128_000);
    assert.equal(modelLimits('openai/gpt-4.1')?.contextWindow, 1_047_576);
    assert.equal(modelLimits('gpt-4')?.contextWindow, 8_192);
    assert.equal(modelLimits('gpt-4-turbo-preview')?.contextWindow, 128_000);
    assert.equal(modelLimits('anthropic/claude-sonnet-4')?.contextWindow, 200_000);
    assert.equal(modelLimits('claude-sonnet-4[1m]')?.contextWindow, 1_000_000);
  });
  it('returns undefined for unknown models and honours overrides', () => {
    assert.equal(modelLimits('qwen-custom'), undefined);
    assert.equal(modelLimits('qwen-custom', { 'qwen-custom': 32768 })?.contextWindow, 32768);
    assert.equal(modelLimits('gpt-4o', { 'gpt-4o': 64000 })?.contextWindow, 64000);
  });
  it('picks o200k_base for current OpenAI models and cl100k_base for older ones', () => {
    assert.equal(encodingFor('gpt-4o'), 'o200k_base');
    assert.equal(encodingFor('gpt-5-mini'), 'o200k_base');
    assert.equal(encodingFor('o3-mini'), 'o200k_base');
    assert.equal(encodingFor('gpt-4-0613'), 'cl100k_base');
    assert.equal(encodingFor('gpt-3.5-turbo'), 'cl100k_base');
  });
});
