import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recoveryWords } from '../../src/core/recoveryWords';

const base = {
  sessionId: 's',
  title: 'T',
  tornBytes: 0,
  droppedLines: 0,
  seqGaps: 0,
  seqRepeats: 0,
  interruptedTurns: 0,
  unknownRecords: 0,
};

describe('recovery words', () => {
  it('tells the user about dropped lines, misnumbered records and interrupted replies', () => {
    assert.deepEqual(recoveryWords({ ...base, droppedLines: 1, tornBytes: 9, seqRepeats: 2, seqGaps: 1 }), {
      parts: [
        '2 records dropped',
        '2 records numbered out of order (kept)',
        '1 gap in the numbering (records missing before it)',
      ],
      warn: true,
    });
    assert.deepEqual(recoveryWords({ ...base, seqRepeats: 1 }), {
      parts: ['1 record numbered out of order (kept)'],
      warn: true,
    });
    assert.deepEqual(recoveryWords({ ...base, interruptedTurns: 2 }), {
      parts: ['2 interrupted replies kept'],
      warn: true,
    });
  });

  it('only logs records of a newer version, and says nothing about a clean log', () => {
    assert.deepEqual(recoveryWords({ ...base, unknownRecords: 3 }), {
      parts: ['3 records of a newer version kept'],
      warn: false,
    });
    assert.deepEqual(recoveryWords(base), { parts: [], warn: false });
  });
});
