import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildCsp } from '../../src/core/csp';

describe('webview CSP', () => {
  const csp = buildCsp('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
  it('denies by default and allows scripts only by nonce', () => {
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
  });
  it('loads images only from the extension or data URIs, never from the network', () => {
    const img = csp.split('; ').find((d) => d.startsWith('img-src'))!;
    assert.doesNotMatch(img, /https:(\s|$)|\*|http:/);
  });
});
