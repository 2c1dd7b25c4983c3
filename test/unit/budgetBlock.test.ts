import * as assert from 'assert';
import { describe, it } from 'node:test';
import { parseTaskBudget } from '../../src/core/budgetBlock';

describe('the "Context budget:" block of a task', () => {
  it('reads the three limits of the block our users write', () => {
    const task = [
      'Fix the double charge on retries.',
      '',
      'Context budget:',
      '- Read only billing/, jobs/, and tests/billing/ first.',
      '- Summarize findings in 10 bullets before editing.',
      '- Stop if the fix touches more than 5 files.',
      '',
      'Thanks!',
    ].join('\n');
    assert.deepStrictEqual(parseTaskBudget(task), {
      readScope: ['billing/', 'jobs/', 'tests/billing/'],
      summaryBullets: 10,
      maxChangedFiles: 5,
      unread: [],
    });
  });

  it('reads the block from one line, as a one-line input box leaves a pasted block (breaks dropped or spaces)', () => {
    const expected = {
      readScope: ['billing/', 'jobs/', 'tests/billing/'],
      summaryBullets: 10,
      maxChangedFiles: 5,
      unread: [],
    };
    const bullets = [
      '- Read only billing/, jobs/, and tests/billing/ first.',
      '- Summarize findings in 10 bullets before editing.',
      '- Stop if the fix touches more than 5 files.',
    ];
    assert.deepStrictEqual(parseTaskBudget(`Fix it. Context budget: ${bullets.join(' ')}`), expected);
    assert.deepStrictEqual(parseTaskBudget(`Fix it.Context budget:${bullets.join('')}`), expected);
    assert.strictEqual(parseTaskBudget('Keep the context budget: small, please'), undefined, 'no bullet: no block');
  });

  it('is undefined without the block, and keeps bullets it cannot enforce as advice', () => {
    assert.strictEqual(parseTaskBudget('Fix the bug. Read only billing/ first.'), undefined);
    assert.deepStrictEqual(
      parseTaskBudget('Context budget:\r\n* Be careful with money.\r\n* Stop if it changes more than 2 files'),
      {
        maxChangedFiles: 2,
        unread: ['Be careful with money.'],
      },
    );
  });

  it('ends the block at the first line that is not a bullet', () => {
    const budget = parseTaskBudget(
      'Context budget:\n- Read only src/ first.\nThen stop if it touches more than 1 file.',
    );
    assert.deepStrictEqual(budget, { readScope: ['src/'], unread: [] });
  });

  it('never takes a scope outside the folder: absolute, home, `..` and odd characters are dropped', () => {
    const budget = parseTaskBudget(
      'Context budget:\n- Read only /etc/, ~/.ssh/, ../other/, src/../.., $(x), `lib/` and ./docs/ first.',
    );
    assert.deepStrictEqual(budget?.readScope, ['lib/', 'docs/']);
    const none = parseTaskBudget('Context budget:\n- Read only /etc/ first.');
    assert.deepStrictEqual(
      none,
      { unread: ['Read only /etc/ first.'] },
      'no scope at all is advice, not "read nothing"',
    );
  });

  it('ignores zero limits rather than blocking everything', () => {
    const budget = parseTaskBudget(
      'Context budget:\n- Summarize in 0 bullets before editing.\n- Stop if it touches more than 0 files.',
    );
    assert.deepStrictEqual(budget, {
      unread: ['Summarize in 0 bullets before editing.', 'Stop if it touches more than 0 files.'],
    });
  });
});
