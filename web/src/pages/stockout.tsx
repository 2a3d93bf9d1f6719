import type { RequestDetail, RequestItem } from '../api/client';
import { date, day, num } from '../ui';

type Risk = NonNullable<RequestItem['stockoutRisk']>;

/** A chance in percent as people read it: whole between 10 and 90 %, one decimal at the edges, never a flat 0 or 100 %. */
function chance(percent: number): string {
  if (percent >= 99.95) return 'almost 100 %';
  if (percent < 0.1) return 'under 0.1 %';
  return `${num(percent, percent >= 10 && percent < 90 ? 0 : 1)} %`;
}

const OPEN: readonly RequestItem['status'][] = ['outstanding', 'queried', 'actioned'];

/** An open request whose supply runs out before even an order placed when it was raised could arrive. */
export const lateNow = (r: Pick<RequestItem, 'status' | 'stockoutRisk'>) => !!r.stockoutRisk?.unavoidable && OPEN.includes(r.status);

/** The board's mark of such a request: a word and an icon, not a colour alone. */
export function StockoutMark({ request }: { request: Pick<RequestItem, 'status' | 'stockoutRisk'> }) {
  if (!lateNow(request)) return null;
  return <div className="stockout-mark"><span aria-hidden="true">⚠ </span>Will run out before delivery</div>;
}

/**
 * A request's stockout risk in words and numbers — the chance of running out, the forecast empty date and its band,
 * when an order arrives and the lead times it rests on — with the unavoidable warning first (while the request is open)
 * and what helps.
 */
export function StockoutRiskSection({ risk, help, open }: { risk: Risk | null; help: RequestDetail['stockoutHelp']; open: boolean }) {
  if (!risk) return null;
  const band = risk.bandLow && risk.bandHigh ? ` (likely between ${day(risk.bandLow)} and ${day(risk.bandHigh)})` : '';
  const days = (n: number) => `${n} business day${n === 1 ? '' : 's'}`;
  return (
    <section aria-labelledby="stockout-risk-heading">
      <h3 id="stockout-risk-heading">Stockout risk</h3>
      {risk.unavoidable && open && (
        <div className="warning stockout-warning">
          <strong><span aria-hidden="true">⚠ </span>Will run out before delivery.</strong> Even an order placed now cannot arrive before the forecast empty date, {day(risk.depletionDate)}.
        </div>
      )}
      {risk.unavoidable && !open && <p className="small">When it was raised, even an order placed at once could not arrive before the forecast empty date.</p>}
      <dl className="summary stockout-facts">
        <dt>Chance of running out</dt>
        <dd>{chance(risk.probabilityPercent)} before a cartridge ordered at the next reading arrives ({chance(risk.probabilityIfOrderedNowPercent)} if ordered at once)</dd>
        <dt>Forecast empty</dt>
        <dd>{day(risk.depletionDate)}{band}</dd>
        <dt>Expected arrival</dt>
        <dd>{day(risk.expectedArrival)}, for an order placed when this was assessed</dd>
        <dt>Lead time</dt>
        <dd>{risk.leadTimeDays.min === risk.leadTimeDays.max ? days(risk.leadTimeDays.min) : `${risk.leadTimeDays.min}–${days(risk.leadTimeDays.max)}`}</dd>
      </dl>
      <p className="small muted">Assessed {date(risk.assessedAt)}, when the request was raised.</p>
      {help.length > 0 && (
        <>
          <h3>What helps</h3>
          <ul className="stockout-help">{help.map((h, i) => <li key={i}>{h.text}</li>)}</ul>
        </>
      )}
    </section>
  );
}
