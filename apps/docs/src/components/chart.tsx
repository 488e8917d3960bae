// A thin Preact wrapper around uPlot: creates the chart after mount, rebuilds it when the data or options
// change, and follows the container's width. It knows nothing about parameters; callers pass uPlot
// options and aligned data.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export interface ChartProps {
  /** Builds the uPlot options; receives the width and the page's text colour (for axes in both themes). */
  options: (width: number, textColour: string) => uPlot.Options;
  data: uPlot.AlignedData;
  label: string;
  testId?: string;
}

export function Chart({ options, data, label, testId }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(240, el.clientWidth);
    const colour = getComputedStyle(el).color || "#888";
    const plot = new uPlot(options(width, colour), data, el);
    const resize = new ResizeObserver(() => {
      const w = Math.max(240, el.clientWidth);
      if (Math.abs(w - plot.width) > 1) plot.setSize({ width: w, height: plot.height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [options, data]);
  return <div ref={host} class="calc-chart" role="img" aria-label={label} data-testid={testId} />;
}
