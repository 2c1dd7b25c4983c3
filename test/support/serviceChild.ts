/**
 * Child for the two-window test: a real SessionService on a real store, as one VS Code window.
 * usage: node serviceChild.js <folder> writer|reader [session id, default s1]
 * writer: creates session "s1" and sends a message whose reply streams forever; prints "ack <seq>"
 *   each time an event is persisted (the service emits only after the append).
 * reader: runs commands from stdin lines: "load" -> loadAll(), prints "loaded <json>"; "send" -> tries
 *   to send, prints "refused <message>" or "sent"; "takeover" -> takeOver() (Take Over), prints "took over from
 *   <pid>" or "refused <message>"; "exit" -> dispose() and exit.
 */
import * as readline from 'readline';
import type { ModelClient } from '../../src/core/ports';
import { SessionService } from '../../src/core/sessionService';
import { createEventLogStore } from '../../src/node/eventLogStore';

const endless: ModelClient = {
  async *stream(request) {
    for (let i = 0; !request.signal.aborted; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1)); // a model that never finishes
      yield { kind: 'delta', text: `d${i} ` };
    }
  },
};
const finishing: ModelClient = {
  async *stream() {
    yield { kind: 'delta', text: 'reply' };
    yield { kind: 'finish', reason: 'stop' };
  },
};

function service(folder: string, client: ModelClient): SessionService {
  return new SessionService({
    store: createEventLogStore(folder),
    counter: { count: async (text) => ({ tokens: Math.ceil(text.length / 4), encoding: 'o200k_base' }) },
    newSessionId: () => process.argv[4] ?? 's1',
    clientFor: async () => client,
  });
}

async function main(): Promise<void> {
  const [folder, role] = process.argv.slice(2);
  if (role === 'writer') {
    const svc = service(folder, endless);
    svc.onDidChange((state) => process.stdout.write(`ack ${state.lastSeq}\n`));
    const s = await svc.create({
      sessionType: 'scout',
      title: 'Shared',
      model: 'gpt-4o',
      endpointHost: 'h',
      systemPrompt: '',
    });
    await svc.send(s.id, 'go on forever');
    return;
  }
  const svc = service(folder, finishing);
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === 'load') {
      const reports = await svc.loadAll();
      const state = svc.get('s1');
      const view = {
        reports,
        readOnly: svc.readOnly('s1') ?? null,
        statuses: state?.turns.map((t) => t.status),
        lastSeq: state?.lastSeq,
      };
      process.stdout.write(`loaded ${JSON.stringify(view)}\n`);
    } else if (line === 'send') {
      await svc.send('s1', 'from the second window').then(
        () => process.stdout.write('sent\n'),
        (error: Error) => process.stdout.write(`refused ${error.message}\n`),
      );
    } else if (line === 'takeover') {
      const holder = svc.readOnly('s1');
      await svc.takeOver('s1').then(
        () => process.stdout.write(`took over from ${holder?.pid}\n`),
        (error: Error) => process.stdout.write(`refused ${error.message}\n`),
      );
    } else if (line === 'exit') {
      await svc.dispose();
      process.exit(0);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
