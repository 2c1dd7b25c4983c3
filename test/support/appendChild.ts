/**
 * Child process for the durability tests: gets the writer of one session log (creating it, opening
 * it, or - while another live process holds its lock - re-trying until that one is gone) and appends
 * durable events forever, printing "ack <seq>" after each append has resolved; "ro <pid>" once when
 * it had to wait. The parent SIGKILLs it.
 * usage: node appendChild.js <folder> <sessionId>
 */
import type { SessionLog } from '../../src/core/ports';
import { createEventLogStore } from '../../src/node/eventLogStore';

async function writer(folder: string, sessionId: string): Promise<SessionLog> {
  const store = createEventLogStore(folder);
  let waited = false;
  for (;;) {
    if ((await store.list()).includes(sessionId)) {
      const opened = await store.open(sessionId);
      if (opened.log) return opened.log;
      if (!waited) process.stdout.write(`ro ${opened.readOnly.pid}\n`);
      waited = true;
    } else {
      try {
        return await store.create(sessionId);
      } catch {
        // the other writer created it first: open it on the next pass
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2)); // poll: the holder is a live process
  }
}

async function main(): Promise<void> {
  const [folder, sessionId] = process.argv.slice(2);
  const log = await writer(folder, sessionId);
  const text = 'x'.repeat(64 + Math.floor(Math.random() * 4000));
  for (let i = 0; ; i++) {
    const event = await log.append(
      { type: 'assistant_delta', turnId: 't1', text: `${process.pid}:${i}:${text}` },
      { durable: true },
    );
    process.stdout.write(`ack ${event.seq}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
