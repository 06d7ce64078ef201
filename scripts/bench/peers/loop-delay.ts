// Event-loop delay during a timed section, two views: perf_hooks' histogram (p99, 1 ms resolution)
// and the longest gap between ticks of a 1 ms setInterval. A loop that never yields records few
// histogram samples, so the gap (measured up to the end of the section) catches what p99 misses.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  /** p99 of the histogram, ms. */
  p99: number;
  /** Longest time between two interval ticks (or the last tick and the end), ms. */
  gap: number;
  /** Samples the histogram took. */
  samples: number;
}

export async function measuringLoopDelay<T>(section: () => Promise<T>): Promise<{ result: T; delay: LoopDelay }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const clock = (): number => performance.now();
  let last = clock();
  let gap = 0;
  const tick = (): void => {
    const t = clock();
    gap = Math.max(gap, t - last);
    last = t;
  };
  const interval = setInterval(tick, 1);
  histogram.enable();
  try {
    const result = await section();
    tick();
    return { result, delay: { p99: histogram.percentile(99) / 1e6, gap, samples: histogram.count } };
  } finally {
    histogram.disable();
    clearInterval(interval);
  }
}
