//! A rendered mail in a sandboxed `srcdoc` iframe: no script runs in it, links lead nowhere, and it cannot reach the
//! page. A `srcdoc` document inherits the page's Content-Security-Policy, which refuses `style` attributes and
//! images from other hosts; so the mail's styles move to `data-mail-style` and are applied through the CSSOM once
//! loaded (which the policy does not govern), and the brand's images are asked of this host (every host serves
//! them at the same path). Other images are left out of the preview.
import { useCallback, useMemo, useRef } from 'react';
import { framedHtml } from '../mailFrame';

export function MailPreviewFrame({ html, title }: { html: string; title: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const srcDoc = useMemo(() => framedHtml(html), [html]);
  const onLoad = useCallback(() => {
    const doc = frame.current?.contentDocument;
    if (!doc || !frame.current) return;
    for (const el of Array.from(doc.querySelectorAll<HTMLElement>('[data-mail-style]'))) {
      el.style.cssText = el.getAttribute('data-mail-style') ?? '';
    }
    // Tall enough for the whole mail: the page scrolls, not the frame.
    frame.current.style.height = `${Math.max(doc.documentElement.scrollHeight, 200)}px`;
  }, []);
  return (
    <iframe
      ref={frame}
      title={title}
      srcDoc={srcDoc}
      onLoad={onLoad}
      // Same origin only so this page can apply the styles; without allow-scripts nothing in it runs.
      sandbox="allow-same-origin"
      referrerPolicy="no-referrer"
      className="block h-96 w-full rounded-xl border border-slate-200 bg-slate-100"
      data-testid="mail-preview-frame"
    />
  );
}
