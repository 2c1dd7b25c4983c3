/**
 * Child process for the durability tests: opens (or creates) one session log and appends durable
 * events forever, printing "ack <seq>" after each append has resolved. The parent SIGKILLs it.
 * usage: node appendChild.js <folder> <sessionId>
 */
import { createEventLogStore } from '../../src/node/eventLogStore';

async function main(): Promise<void> {
  const [folder, sessionId] = process.argv.slice(2);
  const store = createEventLogStore(folder);
  const existing = await store.list();
  const log = existing.includes(sessionId) ? (await store.open(sessionId)).log : await store.create(sessionId);
  const text = 'x'.repeat(64 + Math.floor(Math.random() * 4000));
  for (let i = 0; ; i++) {
    const event = await log.append({ type: 'assistant_delta', turnId: 't1', text: `${i}:${text}` }, { durable: true });
    process.stdout.write(`ack ${event.seq}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
