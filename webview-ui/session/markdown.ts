import MarkdownIt from 'markdown-it';

/**
 * Renders model output as inert HTML: raw HTML is escaped (`html: false`), links keep only http(s) and
 * mailto targets and open nothing by themselves, and images never load: an image becomes its alt
 * text and its address as plain text. Pure string in, string out (unit-tested in node).
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: false });

const SAFE_LINK = /^(https?:|mailto:)/i;
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const alt = md.utils.escapeHtml(token.content || 'image');
  const src = md.utils.escapeHtml(String(token.attrGet('src') ?? ''));
  return `<span class="md-image" title="Images from replies are not loaded">[${alt}: ${src}]</span>`;
};

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(text: string): string {
  return md.render(text);
}
