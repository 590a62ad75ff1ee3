import { useBrand } from '../../features/brand/theme';
import { cn } from '../../lib/cn';

export function LogoMark({ className }: { className?: string }) {
  return (
    <span
      className={cn(
        'inline-flex size-9 items-center justify-center rounded-xl bg-gradient-to-br from-primary-500 to-primary-700 text-white shadow-glow',
        className,
      )}
      aria-hidden="true"
    >
      <svg viewBox="0 0 24 24" className="size-5" fill="currentColor">
        <path d="M5 6.5A2.5 2.5 0 0 1 7.5 4h9A2.5 2.5 0 0 1 19 6.5v6a2.5 2.5 0 0 1-2.5 2.5H11l-4 4v-4h.5H7.5A2.5 2.5 0 0 1 5 12.5z" />
      </svg>
    </span>
  );
}

/** The brand's logo (the one for dark backgrounds when `light`), else the mark and the product's name; nothing until
 * the brand is known, so a custom domain never flashes another name. */
export function Logo({ className, light }: { className?: string; light?: boolean }) {
  const b = useBrand();
  const src = light ? (b?.logoDarkUrl ?? b?.logoLightUrl) : b?.logoLightUrl;
  return (
    <span className={cn('inline-flex h-9 items-center gap-2.5', className)} data-testid="logo">
      {src ? (
        <img src={src} alt={b?.productName} className="h-9 max-w-44 object-contain" />
      ) : (
        b && (
          <>
            <LogoMark />
            <span className={cn('text-lg font-bold tracking-tight', light ? 'text-white' : 'text-slate-900')} dir="auto">
              {b.productName}
            </span>
          </>
        )
      )}
    </span>
  );
}
