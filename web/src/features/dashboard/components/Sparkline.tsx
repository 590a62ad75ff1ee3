//! A few days' figures as a small line: an inline SVG polyline (no chart library, so the dashboard stays light),
//! labelled for screen readers with a sentence the caller writes. Time runs the reading direction's way.
import { cn } from '../../../lib/cn';
import { polylinePoints, sparklinePoints } from './trends';

const WIDTH = 120;
const HEIGHT = 32;

export function Sparkline({
  series,
  label,
  className,
  testId,
}: {
  series: readonly (number | null | undefined)[];
  /** What the line shows, in words (the SVG's accessible name). */
  label: string;
  className?: string;
  testId?: string;
}) {
  const points = sparklinePoints(series, WIDTH, HEIGHT, 3);
  const last = points[points.length - 1];
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid={testId}
      // Right-to-left readers read the days from the right, as the app's other charts draw them.
      className={cn('h-8 w-full overflow-visible rtl:-scale-x-100', className)}
    >
      {points.length === 0 ? (
        <line x1={0} x2={WIDTH} y1={HEIGHT - 1} y2={HEIGHT - 1} stroke="currentColor" strokeOpacity={0.25} strokeDasharray="3 3" vectorEffect="non-scaling-stroke" />
      ) : (
        <>
          {points.length > 1 && (
            <polyline
              points={polylinePoints(points)}
              fill="none"
              stroke="currentColor"
              strokeWidth={2}
              strokeLinecap="round"
              strokeLinejoin="round"
              vectorEffect="non-scaling-stroke"
            />
          )}
          {/* The latest day as a dot: a zero-length line with a round cap stays round when the box is stretched. */}
          {last && (
            <line x1={last.x} y1={last.y} x2={last.x} y2={last.y} stroke="currentColor" strokeWidth={5} strokeLinecap="round" vectorEffect="non-scaling-stroke" />
          )}
        </>
      )}
    </svg>
  );
}
