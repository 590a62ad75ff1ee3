//! A mail's HTML made showable in a `srcdoc` frame under the app's Content-Security-Policy, which the frame
//! inherits and which refuses `style` attributes and other hosts' images (`MailPreviewFrame` applies the styles).
const ASSETS = '/api/v1/brand/assets/';

/** Styles moved to `data-mail-style`; brand images asked of this host (every host serves them at the same path);
 * other images left out. */
export function framedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of Array.from(doc.querySelectorAll('[style]'))) {
    el.setAttribute('data-mail-style', el.getAttribute('style') ?? '');
    el.removeAttribute('style');
  }
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

