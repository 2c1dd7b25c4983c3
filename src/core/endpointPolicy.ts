/**
 * Which endpoint URLs may receive the prompt (and the key). https:// anywhere; plain http:// only to a
 * host that cannot be on the public internet: loopback, private and link-local addresses, and local
 * names (single-label names, `localhost`, `*.localhost`, `.local`, `.lan`, `.internal`, `.home.arpa`),
 * which is where local model servers (Ollama, LM Studio, vLLM, a compose service) listen.
 * Works on the WHATWG URL parser's normalized host, so `0x7f.1`, `2130706433` and `[::ffff:7f00:1]` are
 * judged as the addresses they are, and `10.0.0.1@evil.com` as `evil.com`.
 */
export type EndpointVerdict = { ok: true; origin: string } | { ok: false; reason: string };

const LOCAL_SUFFIXES = ['.localhost', '.local', '.lan', '.internal', '.home.arpa'];

export function endpointPolicy(value: string): EndpointVerdict {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, reason: 'Enter a full URL, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('Use an https:// URL.');
  if (url.username || url.password) return refuse('Do not put credentials in the URL; use "Set API Key".');
  if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {
    const https = `https://${url.host}${url.pathname === '/' ? '' : url.pathname}`;
    return refuse(
      `Plain http:// is only allowed for local and private-network hosts; ${url.host} would receive` +
        ` the prompt and the API key unencrypted. Use ${https}.`,
    );
  }
  return { ok: true, origin: url.origin };
}

function refuse(reason: string): EndpointVerdict {
  return { ok: false, reason };
}

/** A hostname as `URL.hostname` gives it (lower-cased, IPv4 normalized, IPv6 in brackets). */
export function isLocalHost(hostname: string): boolean {
  if (hostname.startsWith('[')) return isLocalIpv6(hostname.slice(1, -1));
  const ipv4 = parseIpv4(hostname);
  if (ipv4) return isLocalIpv4(ipv4);
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (!name) return false;
  if (!hostname.includes('.')) return true; // single label, resolved by the local resolver's search list
  return name === 'localhost' || LOCAL_SUFFIXES.some((s) => name.endsWith(s));
}

function parseIpv4(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function isLocalIpv4([a, b]: number[]): boolean {
  if (a === 127 || a === 10) return true; // loopback, 10/8
  return (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/** Expands a URL-serialized IPv6 address (hex groups, at most one `::`) into 8 numbers. */
function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : undefined;
}

function isLocalIpv6(text: string): boolean {
  const g = parseIpv6(text);
  if (!g) return false;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(7) && g[7] === 1) return true; // ::1
  if (zeros(5) && g[5] === 0xffff) return isLocalIpv4([g[6] >> 8, g[6] & 0xff]); // ::ffff:a.b.c.d
  return (g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfe80; // fc00::/7, fe80::/10
}
