// The andon: the unit's state in its colour, since when, and the stop to explain. Classifying a
// stop takes two touches: "Why is it stopped?", then the reason.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, must, type Schemas } from "../../lib/api";
import { formatDuration, formatTime } from "../../i18n";
import { tc } from "../../lib/catalogue";
import { ErrorBanner } from "../../lib/ui";
import { andonClass, reasonTree, stopToClassify, type DowntimeReason, type Stop } from "./logic";
import { tt, type TerminalKey } from "./catalogue";

export type MachineStatus = Schemas["MachineStatus"];

// The current time, ticking every `ms`, for durations that grow on screen.
export function useNow(ms = 10_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

// A state's code as words: "unplanned_stop" reads "unplanned stop".
export function stateText(names: ReadonlyMap<string, string>, code: string): string {
  return (names.get(code) ?? code).replace(/_/g, " ");
}

// Seconds from `from` to `to`, never negative (the machine's clock may run ahead of this one).
const since = (from: string, to: number) => Math.max(0, (to - Date.parse(from)) / 1000);

export function Andon({
  title,
  unit,
  status,
  stateNames,
  stops,
  reasons,
  canClassify,
  onClassified,
}: {
  title: ComponentChildren;
  unit: string;
  status: MachineStatus | undefined;
  stateNames: ReadonlyMap<string, string>;
  stops: readonly Stop[] | undefined;
  reasons: readonly DowntimeReason[] | undefined;
  canClassify: boolean;
  onClassified: (reason: string) => void;
}) {
  const now = useNow();
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const element = status?.element ?? "NODATA";
  const target = stops ? stopToClassify(stops) : null;
  const elementText = tt(`el_${element}` as TerminalKey);
  const reasonName = (id: string | null | undefined) => {
    if (!id) return tt("stop_reason_none");
    const r = reasons?.find((x) => x.id === id);
    return r?.description ? `${r.description} (${id})` : id;
  };
  useEffect(() => {
    // A new stop closes a choice left open for the previous one.
    setPicking(false);
    setError(null);
  }, [target?.stop.start]);

  const classify = async (reason: DowntimeReason) => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await must(
        api.POST("/api/v1/equipment/{id}/stops/classify", {
          params: { path: { id: unit } },
          body: { start: target.stop.start, reason: reason.id },
        }),
      );
      setPicking(false);
      onClassified(reason.description || reason.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class={`andon ${andonClass(element)}`} aria-label={tt("andon_label")}>
      {title}
      <div class="andon-state">
        <span class="andon-element" role="status">
          {elementText}
        </span>
        <span class="andon-detail">
          {[
            // the state's own name, unless it says what the element's word says
            status &&
            status.state !== "no_data" &&
            stateText(stateNames, status.state).toLowerCase() !== elementText.toLowerCase()
              ? stateText(stateNames, status.state)
              : null,
            status?.machine_code ? tt("machine_code", { code: status.machine_code }) : null,
            status?.since
              ? `${tt("since", { time: formatTime(status.since) })} (${formatDuration(since(status.since, now))})`
              : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </span>
      </div>
      {target ? (
        <div class="andon-stop">
          <p>
            {target.open
              ? null
              : `${tt("stop_last", {
                  state: stateText(stateNames, target.stop.state),
                  duration: formatDuration(target.stop.duration_s),
                  time: formatTime(target.stop.end),
                })} · `}
            <strong>
              {target.stop.reason ? tt("stop_reason", { reason: reasonName(target.stop.reason) }) : tt("stop_reason_none")}
            </strong>
            {target.stop.classified_by === "machine" ? ` ${tt("stop_reason_by_machine")}` : null}
          </p>
          {canClassify && !picking ? (
            <button type="button" class="big andon-why" aria-expanded={false} onClick={() => setPicking(true)}>
              {target.stop.reason ? tt("stop_change") : target.open ? tt("stop_why") : tt("stop_why_last")}
            </button>
          ) : null}
        </div>
      ) : null}
      {picking && target ? (
        <div class="reason-picker" role="group" aria-label={tt("stop_pick", { time: formatTime(target.stop.start, true) })}>
          <p class="reason-title">{tt("stop_pick", { time: formatTime(target.stop.start, true) })}</p>
          {!reasons ? (
            <p class="loading">…</p>
          ) : (
            <div class="reason-grid">
              {reasonTree(reasons).map(({ reason, depth }) => (
                <button
                  key={reason.id}
                  type="button"
                  class={`big reason depth-${Math.min(depth, 2)}`}
                  disabled={busy}
                  onClick={() => void classify(reason)}
                >
                  {reason.description || reason.id}
                </button>
              ))}
              <button type="button" class="big reason cancel" onClick={() => setPicking(false)}>
                {tc("cancel")}
              </button>
            </div>
          )}
          <ErrorBanner error={error} />
        </div>
      ) : null}
    </section>
  );
}
