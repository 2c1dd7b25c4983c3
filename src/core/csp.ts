/**
 * The Content-Security-Policy of our webviews: nothing by default; scripts only with this render's
 * nonce; styles, fonts and images only from the extension's own files (images also as data: URIs).
 * No remote origins, no eval. Lit's components style themselves with constructable stylesheets,
 * which CSP does not block, so no 'unsafe-inline' is needed.
 */
export function buildCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}
