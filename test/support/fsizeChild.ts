/**
 * Child for the file-size-limit test (run under `prlimit --fsize=<bytes>`): appends small durable
 * records, then one too big for the limit (a real EFBIG part-way), then small ones again. Prints
 * "ack <seq>" per acknowledged append and "fail <code> <message>" for the one that failed.
 * usage: node fsizeChild.js <folder> <sessionId> <small records before> <big record bytes>
 */
import { createEventLogStore } from '../../src/node/eventLogStore';
import { LogWriteError } from '../../src/node/storageErrors';

async function main(): Promise<void> {
  const [folder, sessionId, before, bigBytes] = process.argv.slice(2);
  const log = await createEventLogStore(folder).create(sessionId);
  const append = async (text: string) => {
    try {
      const event = await log.append({ type: 'assistant_delta', turnId: 't1', text }, { durable: true });
      process.stdout.write(`ack ${event.seq}\n`);
    } catch (error) {
      const code = error instanceof LogWriteError ? error.code : 'unclassified';
      process.stdout.write(`fail ${code} ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };
  for (let i = 0; i < Number(before); i++) await append(`small ${i}`);
  await append('y'.repeat(Number(bigBytes)));
  await append('small after');
  await append('small after 2');
  await log.close();
}

main().catch((error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
