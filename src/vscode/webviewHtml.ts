import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { buildCsp } from '../core/csp';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The HTML shell of the session tab: strict CSP with a fresh nonce, our script and stylesheet, no data in the markup. */
export function renderWebviewHtml(options: {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  script: string;
  style: string;
  title: string;
}): string {
  const { webview, extensionUri } = options;
  const nonce = randomBytes(16).toString('base64');
  const asset = (relative: string) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...relative.split('/'))).toString();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${buildCsp(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="${asset(options.style)}" nonce="${nonce}">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<header class="header">
  <vscode-badge id="type" variant="counter"></vscode-badge>
  <h1 id="title"></h1>
  <span id="model" class="model"></span>
  <span id="gauge" class="gauge" role="status"></span>
</header>
<div class="toolbar">
  <span id="tools" class="tools-line"></span>
  <vscode-checkbox id="plan-mode" toggle aria-label="Plan mode: read-only tools, the reply is a plan">Plan mode</vscode-checkbox>
</div>
<p id="rules-note" class="rules-note" role="note" hidden></p>
<section id="budget" class="budget" aria-label="Budget" hidden>
  <div id="budget-meters" class="budget-meters"></div>
  <vscode-button id="budget-edit" secondary aria-label="Edit this session's budget">Edit Budget</vscode-button>
</section>
<form id="budget-form" class="budget-form" aria-label="Edit the budget" hidden></form>
<div id="readonly" class="readonly-banner" role="status" hidden>
  <span id="readonly-text"></span>
  <vscode-button id="takeover" secondary aria-label="Take over this session as its writer">Take Over…</vscode-button>
</div>
<main id="scroller" class="scroller">
  <ol id="transcript" class="transcript" aria-label="Transcript"></ol>
</main>
<footer class="composer">
  <p id="blocked" class="blocked" hidden></p>
  <vscode-textarea id="composer" rows="3" resize="vertical" placeholder="Message (Ctrl+Enter to send)" aria-label="Message"></vscode-textarea>
  <div class="actions">
    <vscode-button id="stop" secondary disabled aria-label="Stop the reply">Stop</vscode-button>
    <vscode-button id="send" aria-label="Send the message">Send</vscode-button>
  </div>
</footer>
<script type="module" nonce="${nonce}" src="${asset(options.script)}"></script>
</body>
</html>`;
}
