import { lazy, Suspense, type ComponentProps } from 'react';

// What the inbox shows of flows loads with the first conversation opened, not with the app.
const Bar = lazy(() => import('./inbox/BotBar').then((m) => ({ default: m.BotBar })));
const Menu = lazy(() => import('./inbox/StartFlowMenu').then((m) => ({ default: m.StartFlowMenu })));

/** The running bot of a conversation, with Stop (see `BotBar`), loaded on demand. */
export function ConversationBotBar(props: ComponentProps<typeof Bar>) {
  return (
    <Suspense fallback={null}>
      <Bar {...props} />
    </Suspense>
  );
}

/** "Start flow" for a conversation (see `StartFlowMenu`), loaded on demand. */
export function StartFlowAction(props: ComponentProps<typeof Menu>) {
  return (
    <Suspense fallback={null}>
      <Menu {...props} />
    </Suspense>
  );
}
