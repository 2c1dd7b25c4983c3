import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionKey } from '../../src/shared/sessionKey';
import { parseSessionKey } from '../../src/shared/sessionKey';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import { PressureTracker } from '../../src/core/contextPressure';
import { meterTarget } from '../../src/core/meterTarget';
import { redactSecrets } from '../../src/core/transcripts/redact';
import { resumeCommand } from '../../src/core/transcripts/sessionActions';
import { transcriptMarkdown } from '../../src/core/transcripts/transcriptMarkdown';

const summary = (key: SessionKey, lastActivity: number, used = 0, window = 200_000): SessionSummary => {
  const parsed = parseSessionKey(key);
  if (!parsed) throw new Error(`not a key: ${key}`);
  const { source, id } = parsed;
  return {
    key,
    id,
    source,
    label: source,
    title: `t ${id}`,
    model: 'm',
    lastActivity,
    context: { used, window, percent: Math.round((used / window) * 100), measured: true, level: 'normal' },
    gaugeText: '',
    tooltip: [],
  };
};

describe('meter target', () => {
  it('keeps the chosen session until another agent writes after the choice, then follows that agent', () => {
    const own = summary('own:a', 100);
    const claude = summary('claude-code:c', 150);
    assert.equal(meterTarget({ key: 'own:a', at: 200 }, [own, claude])?.key, 'own:a');
    assert.equal(meterTarget({ key: 'own:a', at: 200 }, [own, { ...claude, lastActivity: 250 }])?.key, 'claude-code:c');
    assert.equal(
      meterTarget({ key: 'own:a', at: 200 }, [
        { ...own, lastActivity: 300 },
        { ...claude, lastActivity: 250 },
      ])?.key,
      'own:a',
    );
    assert.equal(meterTarget(undefined, [own, claude])?.key, 'claude-code:c');
    assert.equal(meterTarget({ key: 'own:gone', at: 0 }, [own])?.key, undefined);
  });
});

describe('context pressure', () => {
  it('reports each upward crossing once, none for a session first seen past a threshold, again after a fall', () => {
    const tracker = new PressureTracker();
    tracker.prime(summary('codex:x', 0, 180_000), [70, 85]);
    assert.deepEqual(tracker.update(summary('codex:x', 0, 181_000), [70, 85]), []);
    assert.deepEqual(tracker.update(summary('claude-code:c', 0, 100_000), [70, 85]), []);
    const crossed = tracker.update(summary('claude-code:c', 0, 175_000), [70, 85]);
    assert.deepEqual(
      crossed.map((e) => [e.threshold, e.used, e.window, e.percent, e.source, e.sessionId]),
      [
        [70, 175_000, 200_000, 88, 'claude-code', 'c'],
        [85, 175_000, 200_000, 88, 'claude-code', 'c'],
      ],
    );
    assert.deepEqual(tracker.update(summary('claude-code:c', 0, 176_000), [70, 85]), []);
    tracker.update(summary('claude-code:c', 0, 30_000), [70, 85]);
    assert.deepEqual(
      tracker.update(summary('claude-code:c', 0, 141_000), [70, 85]).map((e) => e.threshold),
      [70],
    );
  });
});

describe('transcript markdown', () => {
  it('renders hostile text inert and redacts keys in tool output', () => {
    const lines = [
      JSON.stringify({
        type: 'user',
        message: {
          role: 'user',
          content:
            'see <script>alert(1)</script> and [x](javascript:alert(1)) <img src=https://evil/x.png onerror=alert(1)>',
        },
      }),
      JSON.stringify({
        type: 'assistant',
        message: { model: 'claude', content: [{ type: 'tool_use', name: 'Bash', input: { command: 'env' } }] },
      }),
      JSON.stringify({
        type: 'user',
        message: {
          content: [
            {
              type: 'tool_result',
              content: 'OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx\nAuthorization: Bearer abcdefghijklmnop1234',
            },
          ],
        },
      }),
      'not json',
    ];
    const md = transcriptMarkdown('T <b>', 'sub', lines);
    assert.ok(!md.includes('<script>') && !md.includes('<img') && !md.includes('javascript:'), md);
    assert.ok(!md.includes('sk-proj-abc') && !md.includes('abcdefghijklmnop1234'), md);
    assert.match(md, /\[REDACTED\]/);
    assert.match(md, /1 line\(s\) could not be read/);
  });

  it('redacts common key shapes', () => {
    for (const secret of [
      'ghp_' + 'a'.repeat(36),
      'AKIAABCDEFGHIJKLMNOP',
      'xoxb-1234567890-abcdef',
      'sk-ant-api03-' + 'x'.repeat(30),
    ]) {
      assert.equal(redactSecrets(`x ${secret} y`), 'x [REDACTED] y', secret);
    }
  });
});

describe('resume and prices', () => {
  it('resumes with an argument array in the agent CLI, refusing an id that is not a UUID', () => {
    assert.deepEqual(resumeCommand(summary('claude-code:abc; rm -rf /', 0)), {
      ok: false,
      message: 'This session id is not a valid claude-code session id; not running it.',
    });
    const id = '019c8a70-dda7-7f33-98ea-f30553347322';
    assert.deepEqual(resumeCommand(summary(`claude-code:${id}`, 0)), {
      ok: true,
      file: 'claude',
      args: ['--resume', id],
    });
    assert.deepEqual(resumeCommand(summary(`codex:${id}`, 0)), { ok: true, file: 'codex', args: ['resume', '--', id] });
    assert.equal(resumeCommand(summary('own:x', 0)), undefined);
  });
});
