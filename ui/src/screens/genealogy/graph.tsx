// A trace drawn as a graph: cytoscape.js with the dagre layered layout (cytoscape-dagre), lots
// flowing left to right from what was consumed to what it went into. Loaded with the genealogy
// screens only. The canvas is an image for assistive technology; the trace's table says the same.
import cytoscape from "cytoscape";
import dagre from "cytoscape-dagre";
import { useEffect, useRef } from "preact/hooks";
import { statusColour, type Graph } from "./trace";

cytoscape.use(dagre);

export function TraceGraph({ graph, label, onOpen }: { graph: Graph; label: string; onOpen: (lot: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const open = useRef(onOpen);
  open.current = onOpen;
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    container.dataset.ready = "false";
    const t0 = performance.now();
    const cy = cytoscape({
      container,
      elements: [
        ...graph.nodes.map((n) => ({
          data: { id: n.id, label: `${n.id}\n${n.material}`, colour: statusColour(n.status) },
          classes: n.depth === 0 ? "root" : "",
        })),
        ...graph.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target } })),
      ],
      style: [
        {
          selector: "node",
          style: {
            shape: "round-rectangle",
            width: 170,
            height: 46,
            "background-color": "data(colour)",
            label: "data(label)",
            color: "#ffffff",
            "font-size": 12,
            "font-family": "system-ui, 'Segoe UI', Roboto, Arial, sans-serif",
            "font-weight": "bold",
            "text-wrap": "wrap",
            "text-max-width": "160px",
            "text-valign": "center",
            "text-halign": "center",
            "border-width": 1,
            "border-color": "#1b1f24",
          },
        },
        { selector: "node.root", style: { "border-width": 4, "border-color": "#ffbf47" } },
        {
          selector: "edge",
          style: {
            width: 2,
            "line-color": "#6b7480",
            "target-arrow-color": "#6b7480",
            "target-arrow-shape": "triangle",
            "curve-style": "bezier",
          },
        },
      ],
      layout: { name: "dagre", rankDir: "LR", nodeSep: 18, rankSep: 70, fit: true, padding: 24 } as cytoscape.LayoutOptions,
      boxSelectionEnabled: false,
      autoungrabify: true,
      minZoom: 0.15,
      maxZoom: 1.4,
    });
    cy.on("tap", "node", (e) => open.current(e.target.id() as string));
    cy.on("mouseover", "node", () => (container.style.cursor = "pointer"));
    cy.on("mouseout", "node", () => (container.style.cursor = ""));
    container.dataset.nodes = String(cy.nodes().length);
    container.dataset.edges = String(cy.edges().length);
    // How long building and laying out the graph took, for the benchmark (bench/ui/genealogy.mjs).
    container.dataset.layoutMs = String(Math.round(performance.now() - t0));
    container.dataset.ready = "true";
    return () => cy.destroy();
  }, [graph]);
  return <div ref={ref} class="trace-graph" role="img" aria-label={label} />;
}
