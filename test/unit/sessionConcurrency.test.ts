import { describe, it, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SessionIndexEntry, SessionStore } from '../../src/core/ports';
import { SessionService } from '../../src/core/sessionService';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { MemoryStore } from '../support/memoryStore';
import { RecordingFs } from '../support/recordingFs';
import { scriptedClient } from '../support/scriptedClient';

const counter = { count: async (text: string) => ({ tokens: Math.ceil(text.length / 4), encoding: 'o200k_base' }) };
const spec = { sessionType: 'scout' as const, title: 'Shared', model: 'gpt-4o', endpointHost: 'h', systemPrompt: '' };
const service = (store: SessionStore) =>
  new SessionService({
    store,
    counter,
    newSessionId: () => 's1',
    clientFor: async () =>
      scriptedClient([
        { kind: 'delta', text: 'ok' },
        { kind: 'finish', reason: 'stop' },
      ]),
  });

let folder: string;
beforeEach(() => {
  folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'asm-conc-')), 'sessions');
});
afterEach(() => fs.rmSync(path.dirname(folder), { recursive: true, force: true }));
const locks = () => fs.readdirSync(folder).filter((n) => n.includes('.lock'));

describe('SessionService: concurrent loads, index writes and deletes', () => {
  it('a load while a session is being created leaves that new session alone (no "already has a writer")', async () => {
    const real = createEventLogStore(folder);
    let made!: () => void;
    const madeOnDisk = new Promise<void>((resolve) => (made = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store: SessionStore = Object.assign(Object.create(real) as SessionStore, {
      create: async (id: string) => {
        const log = await real.create(id); // the file and its lock exist: list() sees it now
        made();
        await gate;
        return log;
      },
    });
    const svc = service(store);
    const creating = svc.create(spec);
    await madeOnDisk;
    const reports = await svc.loadAll();
    release();
    await creating;
    assert.deepEqual(reports, [], 'nothing to report: the new session is not opened a second time');
    assert.equal(svc.get('s1')?.title, 'Shared');
    assert.equal(svc.readOnly('s1'), undefined);
    await svc.dispose();
  });

  it('two loadAll at once keep our own session writable, with one lock, released by dispose', async () => {
    const first = service(createEventLogStore(folder));
    await first.create(spec);
    await first.dispose();
    const svc = service(createEventLogStore(folder));
    const [one, two] = await Promise.all([svc.loadAll(), svc.loadAll()]);
    assert.deepEqual(
      [...one, ...two].filter((r) => r.error || r.readOnly),
      [],
      'the second load waited for the first',
    );
    assert.equal(svc.readOnly('s1'), undefined);
    assert.deepEqual(locks(), ['s1.lock']);
    await svc.rename('s1', 'Renamed');
    const stopping = svc.dispose();
    assert.equal(svc.dispose(), stopping, 'a second dispose (deactivate after dispose) waits for the same close');
    await stopping;
    assert.deepEqual(locks(), []);
  });

  it('a second open of a log this process writes is an error, never a read-only view of ourselves', async () => {
    const store = createEventLogStore(folder);
    const log = await store.create('a');
    await assert.rejects(Promise.all([store.open('a'), store.open('a')]), /already has a writer/);
    await assert.rejects(createEventLogStore(folder).open('a'), /already has a writer in this window/);
    await log.close();
    fs.writeFileSync(path.join(folder, 'b.jsonl'), '');
    const both = await Promise.allSettled([store.open('b'), store.open('b')]);
    assert.match(
      String(both.find((o) => o.status === 'rejected')?.reason),
      /Session b already has a writer\.$/,
      'the id is reserved before the first await',
    );
    const b = both.find((o) => o.status === 'fulfilled')?.value;
    await b?.log?.close();
    const again = await store.open('a');
    assert.ok(again.log, 'the reservation of the refused opens was dropped');
    await again.log.close();
  });

  it('writes the index one at a time, the last write with the newest titles', async () => {
    const store = new MemoryStore();
    let inFlight = 0;
    let most = 0;
    store.writeIndex = async (entries: SessionIndexEntry[]) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve)); // an index write takes a while
      store.index = entries;
      inFlight--;
    };
    const svc = service(store);
    await svc.create(spec);
    await Promise.all([svc.rename('s1', 'One'), svc.rename('s1', 'Two')]);
    assert.equal(most, 1);
    assert.deepEqual(
      store.index.map((e) => e.title),
      ['Two'],
    );
  });

  it('two index writes of the store in the same millisecond both succeed', async () => {
    const store = createEventLogStore(folder);
    const now = mock.method(Date, 'now', () => 1_800_000_000_000);
    try {
      await Promise.all([store.writeIndex([]), store.writeIndex([{ id: 'x', title: 'X', createdAt: '' }])]);
    } finally {
      now.mock.restore();
    }
    assert.deepEqual(fs.readdirSync(folder), ['index.json']);
  });

  it('an index write that cannot create its temp file never removes a temp file of someone else', async () => {
    const rec = new RecordingFs();
    rec.faults.push({ match: /^open \.index\.json\.tmp wx$/, code: 'EEXIST' });
    await assert.rejects(createEventLogStore(folder, { fs: rec }).writeIndex([]), /EEXIST/);
    assert.deepEqual(rec.only(/^unlink/), []);
  });

  it('a delete that fails after the log went to the trash reports its own error and forgets the session', async () => {
    const trash = async (file: string) => {
      fs.rmSync(file);
      throw new Error('the trash moved it, then failed');
    };
    const svc = service(createEventLogStore(folder, { trash }));
    await svc.create(spec);
    await assert.rejects(svc.delete('s1'), /the trash moved it, then failed/);
    assert.equal(svc.get('s1'), undefined);
    assert.deepEqual(fs.readdirSync(folder), ['index.json']);
  });

  it('Take Over makes a session another live window holds ours: interrupted, writable, our lock', async () => {
    const first = service(createEventLogStore(folder));
    await first.create(spec);
    await first.dispose();
    const entry = '{"seq":2,"at":"2026-01-01T00:00:00Z","type":"user_message","turnId":"t1","text":"q"}\n';
    fs.appendFileSync(path.join(folder, 's1.jsonl'), entry);
    const holder = { pid: process.ppid, host: os.hostname(), token: 'other', at: '' };
    fs.writeFileSync(path.join(folder, 's1.lock'), JSON.stringify(holder));
    const svc = service(createEventLogStore(folder));
    await svc.loadAll();
    assert.equal(svc.readOnly('s1')?.pid, process.ppid);
    const report = await svc.takeOver('s1');
    assert.equal(report?.interruptedTurns, 1);
    assert.equal(svc.readOnly('s1'), undefined);
    await svc.rename('s1', 'Mine now');
    assert.equal(JSON.parse(fs.readFileSync(path.join(folder, 's1.lock'), 'utf8')).pid, process.pid);
    await svc.dispose();
    assert.deepEqual(locks(), []);
  });
});
