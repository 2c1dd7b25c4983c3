import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodingFor } from '../../src/core/contextWindow';

describe('tokenizer choice', () => {
  it('picks o200k_base for current OpenAI models and cl100k_base for older ones', () => {
    assert.equal(encodingFor('gpt-4o'), 'o200k_base');
    assert.equal(encodingFor('gpt-5-mini'), 'o200k_base');
    assert.equal(encodingFor('o3-mini'), 'o200k_base');
    assert.equal(encodingFor('gpt-4-0613'), 'cl100k_base');
    assert.equal(encodingFor('gpt-3.5-turbo'), 'cl100k_base');
  });
});
