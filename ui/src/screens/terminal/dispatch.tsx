// The unit's dispatch list in schedule order, what runs now on top: each operation with its order,
// product, quantity, due date and the changeover before it. Touching a row selects it.
import type { ComponentChildren } from "preact";
import { formatDuration, formatNumber, formatTime } from "../../i18n";
import type { Schemas } from "../../lib/api";
import { tt } from "./catalogue";

export type DispatchList = Schemas["DispatchList"];
export type DispatchItem = Schemas["DispatchItem"];
export type InProgress = Schemas["DispatchInProgress"];

export const keyOf = (i: { order: string; operation: string }) => `${i.order}/${i.operation}`;

function changeover(i: DispatchItem): string {
  if (i.scheduled_changeover_s === null) return tt("not_planned");
  if (i.scheduled_changeover_s <= 0) return tt("no_changeover");
  const s = i.scheduled_changeover_s;
  return tt("changeover", { duration: s < 3600 && s % 60 === 0 ? `${s / 60} min` : formatDuration(s) });
}

function Row({
  item,
  status,
  selected,
  now,
  onSelect,
}: {
  item: DispatchItem | InProgress;
  status: "running" | "paused" | "pending";
  selected: boolean;
  now: number;
  onSelect: () => void;
}) {
  const late = Date.parse(item.due) < now;
  return (
    <li class={`op-row ${status}${selected ? " selected" : ""}`}>
      <button type="button" class="op-select" aria-pressed={selected} onClick={onSelect}>
        <span class="op-line1">
          <span class={`op-status ${status}`}>{tt(`status_${status}`)}</span>
          <span class="op-order">{item.order}</span>
          <span class="op-id">{item.operation}</span>
          <span class="op-qty">{tt("qty_of", { quantity: formatNumber(item.quantity, 3), uom: item.uom })}</span>
        </span>
        <span class="op-line2">
          <span class="op-product">{item.product}</span> · {item.description}
        </span>
        <span class="op-line3">
          <span class={late ? "op-due late" : "op-due"}>
            {tt("due", { time: formatTime(item.due) })}
            {late ? ` · ${tt("late")}` : ""}
          </span>
          {item.scheduled_start && status === "pending" ? (
            <span class="op-planned">{tt("planned_at", { time: formatTime(item.scheduled_start) })}</span>
          ) : null}
          {status === "pending" ? <span class="op-changeover">{changeover(item)}</span> : null}
        </span>
      </button>
    </li>
  );
}

export function Dispatch({
  list,
  selected,
  now,
  onSelect,
  action,
}: {
  list: DispatchList;
  selected: string | null;
  now: number;
  onSelect: (key: string) => void;
  action?: ComponentChildren;
}) {
  return (
    <section class="dispatch" aria-labelledby="dispatch-title">
      <div class="dispatch-head">
        <h2 id="dispatch-title">{tt("dispatch_title")}</h2>
        {action}
      </div>
      {list.in_progress.length > 0 ? (
        <>
          <h3 class="list-head">{tt("dispatch_now")}</h3>
          <ul class="op-list now">
            {list.in_progress.map((i) => (
              <Row
                key={keyOf(i)}
                item={i}
                status={i.status === "paused" ? "paused" : "running"}
                selected={selected === keyOf(i)}
                now={now}
                onSelect={() => onSelect(keyOf(i))}
              />
            ))}
          </ul>
        </>
      ) : null}
      {list.items.length > 0 ? (
        <>
          <h3 class="list-head">{tt("dispatch_next")}</h3>
          <ol class="op-list">
            {list.items.map((i) => (
              <Row
                key={keyOf(i)}
                item={i}
                status="pending"
                selected={selected === keyOf(i)}
                now={now}
                onSelect={() => onSelect(keyOf(i))}
              />
            ))}
          </ol>
        </>
      ) : list.in_progress.length === 0 ? (
        <p class="empty">{tt("dispatch_empty")}</p>
      ) : null}
    </section>
  );
}
