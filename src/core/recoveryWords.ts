import type { RecoveryReport } from './sessionService';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What opening a log found, in plain words for the user ("2 records dropped, 1 gap in the numbering"),
 * and whether it deserves a warning (something was lost, cut short or misnumbered) rather than a log line.
 */
export function recoveryWords(r: RecoveryReport): { parts: string[]; warn: boolean } {
  const lost = r.droppedLines + (r.tornBytes ? 1 : 0);
  const parts = [
    lost ? `${count(lost, 'record', 'records')} dropped` : '',
    r.interruptedTurns
      ? `${r.interruptedTurns} interrupted ${r.interruptedTurns === 1 ? 'reply' : 'replies'} kept`
      : '',
    r.unknownRecords ? `${r.unknownRecords} records of a newer version kept` : '',
    r.seqRepeats ? `${count(r.seqRepeats, 'record', 'records')} numbered out of order (kept)` : '',
    r.seqGaps
      ? `${count(r.seqGaps, 'gap', 'gaps')} in the numbering (records missing before ${r.seqGaps === 1 ? 'it' : 'them'})`
      : '',
  ].filter(Boolean);
  return { parts, warn: lost + r.interruptedTurns + r.seqRepeats + r.seqGaps > 0 };
}
