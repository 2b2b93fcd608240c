// The Gantt chart itself: vis-timeline (loaded with this screen only) with one group per work unit.
// It draws what it is given and reports selections and drags; the screen decides what they mean.
import { useEffect, useRef } from "preact/hooks";
import { DataSet } from "vis-data/peer";
import { Timeline, type DataGroup, type DataItem, type TimelineOptions } from "vis-timeline/peer";
import "vis-timeline/styles/vis-timeline-graph2d.min.css";
import { lang } from "../../i18n";
import type { DropCheck, Item, Row } from "./model";

export interface GanttProps {
  rows: Row[];
  items: Item[];
  version: number; // bumped to draw `items` again when they are the same objects (a drop put back)
  editable: boolean;
  selected: string | null;
  focusRequest: number; // bumped to bring the selected operation into view (chosen outside the chart)
  label: string;
  window: { start: Date; end: Date };
  titleOf: (id: string) => string; // an item's tooltip (HTML), computed when shown
  onSelect: (id: string | null) => void;
  // While dragging: whether the server would take it there; the item stays where it may go.
  onMoving: (id: string, unit: string, start: Date) => DropCheck;
  onMove: (id: string, unit: string, start: Date) => void;
}

const locales = { en: "en-GB", fr: "fr-FR" } as const;

// Axis labels in the user's language (Intl), whatever moment's locale.
function labels(major: boolean) {
  return (date: Date | { valueOf(): number }, scale: string) => {
    const d = new Date(date.valueOf());
    const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locales[lang.value], o).format(d);
    switch (scale) {
      case "millisecond":
      case "second":
        return major ? f({ weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }) : f({ second: "2-digit" });
      case "minute":
      case "hour":
        return major ? f({ weekday: "short", day: "numeric", month: "long" }) : f({ hour: "2-digit", minute: "2-digit" });
      case "weekday":
      case "day":
        return major ? f({ month: "long", year: "numeric" }) : f({ weekday: "short", day: "numeric" });
      case "week":
        return major ? f({ month: "long", year: "numeric" }) : f({ day: "numeric", month: "short" });
      case "month":
        return major ? f({ year: "numeric" }) : f({ month: "short" });
      default:
        return major ? "" : f({ year: "numeric" });
    }
  };
}

const signature = (i: Item) =>
  `${i.group}|${i.start.getTime()}|${i.end?.getTime()}|${i.className}|${i.style}|${i.label}|${JSON.stringify(i.editable)}`;

function toVis(i: Item): DataItem {
  return { ...i, content: "" } as DataItem; // drawn by the template from `label`
}

export function Gantt(props: GanttProps) {
  const host = useRef<HTMLDivElement>(null);
  const timeline = useRef<Timeline | null>(null);
  const data = useRef<{ items: DataSet<DataItem>; groups: DataSet<DataGroup> } | null>(null);
  const handlers = useRef(props);
  handlers.current = props;
  const signatures = useRef(new Map<string, string>()); // what each drawn item was given

  useEffect(() => {
    const items = new DataSet<DataItem>();
    const groups = new DataSet<DataGroup>();
    data.current = { items, groups };
    // The dragged item's unit and length when the drag began: a drop on a unit that cannot run it
    // stays on its own, and a drag never changes its length (the planner's, not the user's).
    const original = new Map<string, { group: string; length: number }>();
    const options: TimelineOptions = {
      stack: false,
      orientation: { axis: "both", item: "top" },
      editable: false,
      groupEditable: false,
      selectable: true,
      itemsAlwaysDraggable: { item: true, range: false }, // drag at once, without selecting first; never resize
      multiselect: false,
      showCurrentTime: true,
      zoomKey: "ctrlKey",
      // No scrolling region of its own (keyboard users could not reach it): the page scrolls.
      minHeight: "12rem",
      zoomMin: 15 * 60_000,
      zoomMax: 62 * 86_400_000,
      margin: { item: { horizontal: 0, vertical: 6 }, axis: 4 },
      groupOrder: "order",
      dataAttributes: ["id"], // data-id on each item: the end-to-end test and the benchmark find them by it
      locale: lang.value,
      format: { minorLabels: labels(false), majorLabels: labels(true) },
      // Labels as text nodes (no HTML to sanitise for each of a thousand items), tooltips when shown.
      template: (item: { label?: string }) => {
        const span = document.createElement("span");
        span.textContent = item.label ?? "";
        return span;
      },
      tooltip: {
        followMouse: true,
        overflowMethod: "cap",
        delay: 150,
        template: (item: { id: string | number }) => handlers.current.titleOf(String(item.id)),
      },
      snap: (date: Date) => new Date(Math.round(date.getTime() / 300_000) * 300_000), // 5 minutes
      start: props.window.start,
      end: props.window.end,
      onMoving: (item, callback) => {
        const id = String(item.id);
        if (!original.has(id)) {
          const was = items.get(id);
          const length = was?.end ? new Date(was.end).getTime() - new Date(was.start).getTime() : 0;
          original.set(id, { group: String(was?.group ?? item.group), length });
        }
        const { group, length } = original.get(id)!;
        if (item.end) item.end = new Date(new Date(item.start).getTime() + length);
        const check = handlers.current.onMoving(id, String(item.group), new Date(item.start));
        if (!check.ok && check.reason === "unit") item.group = group;
        if (!check.ok && check.reason === "past") {
          const now = Date.now(), shift = now - new Date(item.start).getTime();
          item.start = new Date(now);
          if (item.end) item.end = new Date(new Date(item.end).getTime() + shift);
        }
        callback(item);
      },
      onMove: (item, callback) => {
        const id = String(item.id);
        original.delete(id);
        signatures.current.delete(id); // whatever becomes of it, draw it from the data again
        const check = handlers.current.onMoving(id, String(item.group), new Date(item.start));
        if (!check.ok) return callback(null);
        callback(item);
        handlers.current.onMove(id, String(item.group), new Date(item.start));
      },
    };
    const t = new Timeline(host.current!, items, groups, options);
    t.on("select", (e: { items: (string | number)[] }) => handlers.current.onSelect(e.items.length ? String(e.items[0]) : null));
    timeline.current = t;
    return () => {
      t.destroy();
      timeline.current = null;
    };
  }, []);

  // Render times as User Timing measures, which bench/ui/gantt.mjs reads: from the mark `from`
  // (set now if absent) to the timeline's next "changed" event (drawn).
  const measureNextDraw = (name: string, from: string) => {
    const t = timeline.current;
    if (!t) return;
    if (!performance.getEntriesByName(from, "mark").length) performance.mark(from);
    const drawn = () => {
      t.off("changed", drawn);
      performance.measure(name, from);
      performance.clearMarks(from);
    };
    t.on("changed", drawn);
  };

  // New data: replace what is drawn. takt:gantt-render runs from the data in hand (the screen's
  // mark takt:gantt-data) to drawn.
  useEffect(() => {
    const t = timeline.current, d = data.current;
    if (!t || !d) return;
    measureNextDraw("takt:gantt-render", "takt:gantt-data");
    const rowIds = new Set(props.rows.map((r) => r.id));
    d.groups.update(props.rows);
    d.groups.remove(d.groups.getIds().filter((id) => !rowIds.has(String(id))));
    // Only what changed is handed over (a repair keeps most operations where they were); a dropped
    // item, which vis-timeline moved on its own, is always handed over again.
    const drawn = signatures.current, next = new Map<string, string>();
    const changed: DataItem[] = [];
    for (const i of props.items) {
      const sig = signature(i);
      next.set(i.id, sig);
      if (drawn.get(i.id) !== sig) changed.push(toVis(i));
    }
    d.items.remove([...drawn.keys()].filter((id) => !next.has(id)));
    if (changed.length) d.items.update(changed);
    else t.redraw(); // nothing new: "changed" still follows, for the measure
    signatures.current = next;
  }, [props.items, props.rows, props.version]);

  useEffect(() => {
    timeline.current?.setOptions({
      editable: props.editable ? { updateTime: true, updateGroup: true, add: false, remove: false, overrideItems: false } : false,
      locale: lang.value,
    });
  }, [props.editable, lang.value]);

  useEffect(() => {
    const t = timeline.current;
    if (!t) return;
    const now = props.selected ? [props.selected] : [];
    if (JSON.stringify(t.getSelection().map(String)) !== JSON.stringify(now)) t.setSelection(now);
  }, [props.selected, props.version]);

  useEffect(() => {
    if (props.focusRequest && props.selected) timeline.current?.focus(props.selected, { animation: false, zoom: false });
  }, [props.focusRequest]);

  useEffect(() => {
    measureNextDraw("takt:gantt-window", "takt:gantt-window-set");
    timeline.current?.setWindow(props.window.start, props.window.end, { animation: false });
  }, [props.window.start.getTime(), props.window.end.getTime()]);

  return <div class="gantt" ref={host} role="figure" aria-label={props.label} />;
}
