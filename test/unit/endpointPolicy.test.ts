import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointPolicy } from '../../src/core/endpointPolicy';

const allowed: Array<[string, string]> = [
  ['https://api.openai.com/v1', 'https://api.openai.com'],
  ['https://evil.example/v1', 'https://evil.example'], // https anywhere: the key binding guards the key
  ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:11434'],
  ['http://127.5.6.7/v1', 'http://127.5.6.7'],
  ['http://0x7f.1:8000/v1', 'http://127.0.0.1:8000'], // the parser normalizes it to 127.0.0.1
  ['http://localhost:1234/v1', 'http://localhost:1234'],
  ['HTTP://LOCALHOST:1234/v1', 'http://localhost:1234'], // uppercase scheme and host
  ['http://localhost.:1234/v1', 'http://localhost.:1234'], // trailing dot
  ['http://models.localhost/v1', 'http://models.localhost'],
  ['http://[::1]:8080/v1', 'http://[::1]:8080'],
  ['http://[::ffff:127.0.0.1]/v1', 'http://[::ffff:7f00:1]'],
  ['http://10.1.2.3/v1', 'http://10.1.2.3'],
  ['http://172.16.0.1/v1', 'http://172.16.0.1'],
  ['http://172.31.255.255/v1', 'http://172.31.255.255'],
  ['http://192.168.1.20:11434/v1', 'http://192.168.1.20:11434'],
  ['http://169.254.10.10/v1', 'http://169.254.10.10'],
  ['http://[fd12:3456::1]/v1', 'http://[fd12:3456::1]'],
  ['http://[fc00::1]/v1', 'http://[fc00::1]'],
  ['http://[fe80::1]/v1', 'http://[fe80::1]'],
  ['http://[febf::1]/v1', 'http://[febf::1]'],
  ['http://ollama:11434/v1', 'http://ollama:11434'], // a compose service name
  ['http://gpu-box.local/v1', 'http://gpu-box.local'],
  ['http://gpu-box.local./v1', 'http://gpu-box.local.'],
  ['http://gpu.lan/v1', 'http://gpu.lan'],
  ['http://llm.corp.internal/v1', 'http://llm.corp.internal'],
  ['http://nas.home.arpa/v1', 'http://nas.home.arpa'],
];

const refused: string[] = [
  'http://api.openai.com/v1',
  'http://127.0.0.1.evil.com/v1', // a public name that starts like an address
  'http://localhost.evil.com/v1',
  'http://evil.com/localhost',
  'http://[::ffff:8.8.8.8]/v1', // an IPv4-mapped public address
  'http://[::ffff:808:808]/v1', // the same, as the parser writes it
  'http://[2001:db8::1]/v1',
  'http://[fec0::1]/v1', // just past fe80::/10
  'http://[::]/v1',
  'http://8.8.8.8/v1',
  'http://172.15.0.1/v1', // just outside 172.16/12
  'http://172.32.0.1/v1',
  'http://192.169.0.1/v1',
  'http://100.64.0.1/v1', // shared address space (carrier NAT) is not a private network
  'http://0.0.0.0/v1', // "any address": not in the list, and the target of 0.0.0.0-day attacks
  'http://example.com./v1', // trailing dot
  'http://ollama./v1', // a dotted absolute name is a top-level domain, not a local single label
  'http://evil.local.com/v1',
  'HTTP://EXAMPLE.COM/v1', // uppercase scheme
  'ftp://127.0.0.1/v1',
  'file:///etc/passwd',
  'not a url',
  '',
];

describe('endpoint policy', () => {
  for (const [url, origin] of allowed) {
    it(`allows ${url}`, () => assert.deepEqual(endpointPolicy(url), { ok: true, origin }));
  }
  for (const url of refused) {
    it(`refuses ${JSON.stringify(url)}`, () => assert.equal(endpointPolicy(url).ok, false));
  }

  it('says to use https, naming the host, for plain http to a public host', () => {
    const verdict = endpointPolicy('http://api.example.com:8443/v1');
    assert.equal(verdict.ok, false);
    assert.match(!verdict.ok ? verdict.reason : '', /https:\/\/api\.example\.com:8443\/v1/);
  });

  it('refuses credentials in the URL, also when the user part looks like a private address', () => {
    for (const url of ['http://10.0.0.1@evil.com/v1', 'https://user:pass@api.openai.com/v1', 'http://u@127.0.0.1/v1']) {
      const verdict = endpointPolicy(url);
      assert.equal(verdict.ok, false, url);
      assert.match(!verdict.ok ? verdict.reason : '', /credentials|http:\/\//, url);
    }
    assert.equal(new URL('http://10.0.0.1@evil.com').hostname, 'evil.com', 'the host really is evil.com');
  });
});
