// A thin Preact wrapper around uPlot: creates the chart after mount, feeds it new data with setData on
// every change (cheap), rebuilds it only when its options change, and follows the container's width. It
// knows nothing about parameters; callers pass uPlot options and aligned data.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export interface ChartProps {
  /**
   * Builds the uPlot options; receives the width and the page's text colour (for axes in both themes).
   * Keep its identity stable (useMemo): a new function rebuilds the chart.
   */
  options: (width: number, textColour: string) => uPlot.Options;
  data: uPlot.AlignedData;
  label: string;
  testId?: string;
}

export function Chart({ options, data, label, testId }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(240, el.clientWidth);
    const colour = getComputedStyle(el).color || "#888";
    const p = new uPlot(options(width, colour), latest.current, el);
    plot.current = p;
    const resize = new ResizeObserver(() => {
      const w = Math.max(240, el.clientWidth);
      if (Math.abs(w - p.width) > 1) p.setSize({ width: w, height: p.height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      p.destroy();
      plot.current = null;
    };
  }, [options]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={host} class="calc-chart" role="img" aria-label={label} data-testid={testId} />;
}
