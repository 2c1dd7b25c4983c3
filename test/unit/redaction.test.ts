import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import { ownSummary } from '../../src/core/ownSummary';
import { readOnlyMessage } from '../../src/core/readOnly';
import { titleFromTask } from '../../src/core/sessionView';
import { foldSession } from '../../src/core/session';
import type { SessionEvent } from '../../src/core/sessionEvents';
import { TranscriptIndex } from '../../src/node/transcripts/transcriptIndex';
import { redactingLog } from '../../src/vscode/redactingLog';
import type { Layout } from '../support/transcriptLayout';
import { emptyLayout } from '../support/transcriptLayout';

const OPENAI = `sk-proj-${'A1b2C3d4'.repeat(4)}`;
const GITHUB = `ghp_${'x9Y8z7W6'.repeat(5)}`;
const settings = { contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 };
const UUID = '3fb74381-1bf4-475e-8c6f-442d872b1bcf';

/** Every text a view shows of a summary (tree label and tooltip, meter tooltip, quick pick, terminal name). */
const shown = (s: SessionSummary | undefined) => [s?.title, s?.model, ...(s?.tooltip ?? [])].join('\n');
const leaks = (text: string) => ['sk-proj', 'A1b2C3d4', 'ghp_', 'x9Y8z7W6'].filter((k) => text.includes(k));

describe('titles and tooltips of other agents’ sessions', () => {
  let layout: Layout;
  beforeEach(() => (layout = emptyLayout()));
  afterEach(() => fs.rmSync(layout.dir, { recursive: true, force: true }));

  const summaries = async () => {
    const index = new TranscriptIndex({
      roots: () => ({ claude: [layout.claudeConfig], codex: [layout.codexHome] }),
      scope: () => ({ mode: 'all', folders: [] }),
      settings: () => settings,
      log: () => undefined,
    });
    await index.update();
    return index.summaries();
  };

  it('redacts a key in a Claude Code first prompt (also one the 80-character cut would split) and model', async () => {
    const user = (text: string) =>
      JSON.stringify({ type: 'user', cwd: '/w', message: { role: 'user', content: text } });
    const reply = JSON.stringify({
      type: 'assistant',
      isSidechain: false,
      requestId: 'r',
      message: {
        id: 'm',
        model: `claude-x ${GITHUB}`,
        content: [],
        usage: { input_tokens: 1, output_tokens: 1 },
      },
    });
    fs.writeFileSync(
      path.join(layout.claudeProject, `${UUID}.jsonl`),
      `${user(`use ${OPENAI} and ${GITHUB} please`)}\n${reply}\n`,
    );
    const other = 'b02ed4d8-1f00-45cc-949f-3ea63b2dbde2';
    fs.writeFileSync(path.join(layout.claudeProject, `${other}.jsonl`), `${user(`${'x'.repeat(66)} key ${OPENAI}`)}\n`);
    const all = await summaries();
    const first = all.find((s) => s.id === UUID);
    assert.equal(first?.title, 'use [REDACTED] and [REDACTED] please');
    assert.equal(first?.model, 'claude-x [REDACTED]');
    assert.ok(
      first?.tooltip.some((l) => l.includes('[REDACTED]')),
      shown(first),
    );
    const cut = all.find((s) => s.id === other);
    assert.ok(cut?.title.endsWith(' key [REDACTE…'), cut?.title);
    assert.deepEqual(
      all.map((s) => leaks(shown(s))),
      [[], []],
    );
  });

  it('redacts a key in a Codex first prompt and in the model name it reports', async () => {
    const lines = [
      { type: 'session_meta', payload: { id: '019c8a70-dda7-7f33-98ea-f30553347322', cwd: '/w' } },
      { type: 'turn_context', payload: { model: `gpt-5 ${GITHUB}` } },
      { type: 'event_msg', payload: { type: 'user_message', message: `deploy with OPENAI_API_KEY=${OPENAI}` } },
    ];
    fs.writeFileSync(
      path.join(layout.codexDay, 'rollout-2026-02-23T13-19-38-x.jsonl'),
      lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
    );
    const [codex] = await summaries();
    assert.equal(codex?.source, 'codex');
    assert.match(codex?.title ?? '', /^deploy with OPENAI_API_KEY=\[REDACTED\]$/);
    assert.ok(
      codex?.tooltip.some((l) => l.includes('[REDACTED]')),
      shown(codex),
    );
    assert.deepEqual(leaks(shown(codex)), []);
  });
});

describe('titles of our own sessions', () => {
  it('are redacted in the summary the tree, the meter and the API read', () => {
    const ev = (seq: number, e: Record<string, unknown>) =>
      ({ seq, at: '2026-01-01T00:00:00.000Z', ...e }) as SessionEvent;
    const state = foldSession([
      ev(1, {
        type: 'session_created',
        sessionId: 's1',
        sessionType: 'scout',
        source: 'own',
        title: `Try ${OPENAI}`,
        model: 'gpt-4o',
        endpointHost: '127.0.0.1:9',
        systemPrompt: 'sys',
      }),
    ]);
    const summary = ownSummary(state, {}, settings);
    assert.equal(summary.title, 'Try [REDACTED]');
    assert.ok(
      summary.tooltip.some((l) => l.includes('Try [REDACTED]')),
      shown(summary),
    );
    assert.deepEqual(leaks(shown(summary)), []);
  });
});

describe('titles made from a task, and messages naming a session', () => {
  it('redact a key before the 60-character cut could split it out of the pattern', () => {
    const title = titleFromTask(`Deploy the service with this key please: sk-proj-${'AbCdEfGhIj'.repeat(4)}`);
    assert.doesNotMatch(title, /sk-proj|AbCdEf/);
    assert.match(title, /\[REDACTED\]/);
  });
  it('redact the title in the read-only message (shown in dialogs)', () => {
    const message = readOnlyMessage(`use sk-proj-${'AbCdEfGhIj'.repeat(3)}`, { pid: 7, host: 'h' });
    assert.doesNotMatch(message, /AbCdEf/);
  });
});

describe('the redacting output channel', () => {
  it('redacts every message and argument written through it and passes everything else through', () => {
    const written: unknown[][] = [];
    /** Like the host's channel object: a private field, so a method called with the wrong `this` throws. */
    class Channel {
      #shown = 0;
      readonly name = 'Agent Sessions';
      logLevel = 2;
      info = (...a: unknown[]) => written.push(['info', ...a]);
      warn = (...a: unknown[]) => written.push(['warn', ...a]);
      error = (...a: unknown[]) => written.push(['error', ...a]);
      appendLine = (...a: unknown[]) => written.push(['appendLine', ...a]);
      show(): void {
        this.#shown++;
      }
      get shown(): number {
        return this.#shown;
      }
    }
    const channel = new Channel();
    const log = redactingLog(channel);
    log.info(`key ${OPENAI}`, { token: GITHUB }, 42);
    log.warn(`Authorization: Bearer abcdefghijklmnop1234`);
    log.error(new Error(`request failed with ${GITHUB}`));
    log.appendLine(OPENAI);
    log.show();
    assert.equal(log.name, 'Agent Sessions');
    assert.equal(log.logLevel, 2);
    assert.equal(channel.shown, 1);
    assert.equal(written.length, 4);
    assert.deepEqual(written[0], ['info', 'key [REDACTED]', '{"token":"[REDACTED]"}', 42]);
    assert.equal(written[1][1], 'Authorization: Bearer [REDACTED]');
    assert.match(String(written[2][1]), /^Error: request failed with \[REDACTED\]/);
    assert.deepEqual(written[3], ['appendLine', '[REDACTED]']);
    assert.deepEqual(leaks(JSON.stringify(written)), []);
  });
});
