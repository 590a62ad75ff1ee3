//! The inbox's widget parts, loaded (code and strings) the first time a widget conversation is shown.
import { lazy, Suspense } from 'react';
import { loadWidgetStrings } from './strings';

const VisitorSection = lazy(async () => {
  const [m] = await Promise.all([import('./components/VisitorSection'), loadWidgetStrings()]);
  return { default: m.VisitorSection };
});
const WebsiteBadge = lazy(async () => {
  const [m] = await Promise.all([import('./components/VisitorSection'), loadWidgetStrings()]);
  return { default: m.WebsiteBadge };
});

/** A conversation's connection kind: widget conversations get the Visitor section. */
export function LazyVisitorSection({ conversationId, kind }: { conversationId: string; kind: string | undefined }) {
  if (kind !== 'widget') return null;
  return (
    <Suspense fallback={null}>
      <VisitorSection conversationId={conversationId} />
    </Suspense>
  );
}

export function LazyWebsiteBadge({ kind }: { kind: string | undefined }) {
  if (kind !== 'widget') return null;
  return (
    <Suspense fallback={null}>
      <WebsiteBadge />
    </Suspense>
  );
}
