import { asBand, BAND_LABELS, formatDelta } from "./format";

/** A coloured dot for a health band, labelled for screen readers. */
export function BandDot({ band }: { band: string }) {
  const b = asBand(band);
  return <span className={`band-dot band-${b}`} role="img" aria-label={BAND_LABELS[b]} title={BAND_LABELS[b]} />;
}

/** A score change over four weeks: ▲ green, ▼ red, – when flat. */
export function Trend({ delta }: { delta: number }) {
  const d = formatDelta(delta);
  return (
    <span className={`trend trend-${d.arrow}`} title={`${delta > 0 ? "+" : ""}${delta} points in 4 weeks`}>
      {d.text}
    </span>
  );
}

/** Score, band dot and trend, as the book shows them. */
export function HealthScore({ score, band, delta }: { score: number; band: string; delta: number }) {
  return (
    <span className="health-cell">
      <BandDot band={band} />
      <span className="health-score">{score}</span>
      <Trend delta={delta} />
    </span>
  );
}
