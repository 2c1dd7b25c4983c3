/**
 * Starts the loopback peer for demos and manual tries: `node out/test/peer/cli.js [--port 8765] [--script file.json]
 * [--demo]` (--demo: the scripted Builder loop on the sample workspace, test/peer/demoResponder.ts).
 * Prints PEER_URL=<base url>; set it with "Agent Sessions: Set Endpoint". Ctrl-C stops it.
 */
import * as fs from 'fs';
import { demoReply } from './demoResponder';
import { startPeer } from './openaiPeer';
import type { PeerScript } from './openaiPeer';

async function main(): Promise<void> {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const demo = process.argv.includes('--demo');
  const peer = await startPeer(Number(arg('--port') ?? 0), demo ? demoReply : undefined);
  const script = arg('--script');
  if (script) peer.enqueue(...(JSON.parse(fs.readFileSync(script, 'utf8')) as PeerScript[]));
  console.log(`PEER_URL=${peer.baseUrl}`);
  const stop = () => void peer.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
