//! A mail's HTML made showable in a `srcdoc` frame under the app's Content-Security-Policy, which the frame
//! inherits and which refuses `style` attributes and other hosts' images (`MailPreviewFrame` applies the styles).
const ASSETS = '/api/v1/brand/assets/';

/** Styles moved to `data-mail-style`; brand images asked of this host (every host serves them at the same path);
 * other images left out. */
export function framedHtml(html: string): string {
  // On the text, before any parsing: a parsed document takes this page's policy too and reports every `style`
  // attribute. Outside tags a mail holds no `"` (the server escapes every value and text as `&quot;`), so only
  // attributes match.
  const unstyled = html.replace(/(\s)style="/g, '$1data-mail-style="');
  const doc = new DOMParser().parseFromString(unstyled, 'text/html');
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    let url: URL | null = null;
    try {
      url = new URL(img.getAttribute('src') ?? '', 'http://invalid');
    } catch {
      url = null;
    }
    if (url && url.pathname.startsWith(ASSETS)) img.setAttribute('src', url.pathname + url.search);
    else img.removeAttribute('src');
  }
  return `<!doctype html>${doc.documentElement.outerHTML}`;
}

