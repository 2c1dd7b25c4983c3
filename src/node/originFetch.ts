import { ModelError } from '../core/ports';

export const MAX_REDIRECTS = 5;

/** The failure when the endpoint points elsewhere: the prompt and the key stay where the user sent them. */
export function crossOriginRedirectMessage(target: string): string {
  return (
    `The endpoint redirected to ${target}; redirects to another origin are not followed.` +
    ' If you trust it, set the endpoint to that address.'
  );
}

function requestUrl(input: string | URL | Request): URL {
  return new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
}

/** A redirect target for logs and messages: origin and path, never the query (it may carry tokens). */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * A fetch that only talks to `origin`. Redirects are handled by hand (`redirect: 'manual'`): one to the
 * same origin is followed (307/308 keep method and body, 301/302/303 turn a POST into a GET as fetch does),
 * at most MAX_REDIRECTS times; one to another origin fails with a ModelError('redirect') and nothing is
 * sent there. A request that does not start at `origin` is refused before it leaves.
 */
export function originFetch(origin: string, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    let url = requestUrl(input);
    if (url.origin !== origin) {
      throw new ModelError('redirect', `Refused a request to ${url.origin}: the endpoint is ${origin}.`);
    }
    let current: RequestInit = { ...init, redirect: 'manual' };
    for (let hops = 0; ; hops++) {
      const response = await inner(url, current);
      const location = response.headers.get('location');
      const { status } = response;
      if (status < 300 || status > 399 || status === 304 || location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      const target = new URL(location, url);
      if (target.origin !== origin) throw new ModelError('redirect', crossOriginRedirectMessage(shown(target)));
      if (hops >= MAX_REDIRECTS) {
        const message = `The endpoint redirected more than ${MAX_REDIRECTS} times (to ${shown(target)}).`;
        throw new ModelError('redirect', message);
      }
      current = followInit(current, status);
      url = target;
    }
  };
}

function followInit(init: RequestInit, status: number): RequestInit {
  const method = (init.method ?? 'GET').toUpperCase();
  const toGet =
    (status === 303 && method !== 'GET' && method !== 'HEAD') ||
    ((status === 301 || status === 302) && method === 'POST');
  if (!toGet) {
    if (init.body instanceof ReadableStream) {
      throw new ModelError('redirect', 'The endpoint redirected a request whose body cannot be sent twice.');
    }
    return init;
  }
  const headers = new Headers(init.headers);
  for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language']) headers.delete(name);
  return { ...init, method: 'GET', body: undefined, headers };
}
