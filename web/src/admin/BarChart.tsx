export interface Bar {
  label: string;
  value: number;
}

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 130;
const WIDTH = 480;

/** A small horizontal bar chart in plain SVG, with its numbers as text too. */
export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = WIDTH - LABEL_WIDTH - 40;
  return (
    <svg
      role="img"
      aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}`}
      viewBox={`0 0 ${WIDTH} ${bars.length * BAR_HEIGHT + 4}`}
      className="bar-chart"
    >
      {bars.map((bar, i) => {
        const y = i * BAR_HEIGHT + 2;
        const width = (bar.value / max) * plot;
        return (
          <g key={bar.label}>
            <text x={0} y={y + 15} className="bar-label">
              {bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={y + 3} width={width} height={BAR_HEIGHT - 6} className="bar" />
            <text x={LABEL_WIDTH + width + 6} y={y + 15} className="bar-value">
              {bar.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
