import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../webview-ui/session/markdown';

describe('inert markdown', () => {
  it('escapes raw HTML: scripts and event handlers are text', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>');
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/i);
    assert.match(html, /&lt;script&gt;/);
  });
  it('drops javascript:, vbscript: and data: links', () => {
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'vbscript:msgbox', 'data:text/html,<b>x</b>']) {
      assert.doesNotMatch(renderMarkdown(`[x](${href})`), /href=/, href);
    }
  });
  it('keeps only http(s) and mailto links: command:, vscode:, file: and scheme-less targets stay text', () => {
    // markdown-it's own check already drops javascript:/vbscript:/file:/data:; these pass it and must not
    for (const href of [
      'command:workbench.action.terminal.new',
      'vscode://file/etc/passwd',
      '//evil.example/x',
      'ftp://evil.example/x',
      'vscode-webview://x',
    ]) {
      assert.doesNotMatch(renderMarkdown(`[x](${href})`), /href=/, href);
    }
    assert.match(renderMarkdown('[mail](mailto:a@example.com)'), /href="mailto:a@example.com"/);
  });
  it('never loads remote images', () => {
    const html = renderMarkdown('![logo](https://evil.example/x.png)');
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /logo: https:\/\/evil\.example\/x\.png/);
  });
  it('renders code fences, lists and http links', () => {
    const html = renderMarkdown(
      '- one\n- two\n\n```ts\nconst a = 1 < 2;\n```\n\n[docs](https://code.visualstudio.com)',
    );
    assert.match(html, /<li>one<\/li>/);
    assert.match(html, /<pre><code class="language-ts">const a = 1 &lt; 2;/);
    assert.match(html, /<a href="https:\/\/code\.visualstudio\.com" rel="noopener noreferrer">docs<\/a>/);
  });
});
