//! A two-column Sankey diagram as server-side SVG geometry: sources on the left, ends on the
//! right, each band as wide as its quantity. Pure layout (no I/O, no locale): the page gives
//! the labels and the formatted quantities, the template draws what this computes, and a
//! table beside it carries the same flows for readers who do not see the picture.

use super::format::fixed;

/// The drawing's width in SVG units (it scales to the page's width).
pub const WIDTH: f64 = 640.0;
/// The height the bands share, gaps excluded.
const BANDS_HEIGHT: f64 = 300.0;
/// Space between two nodes of a column.
const GAP: f64 = 14.0;
/// A node's width.
const NODE_WIDTH: f64 = 14.0;
/// The least height of a node or band, so that a small flow stays visible.
const MIN_HEIGHT: f64 = 2.0;
/// Room above the first node.
const TOP: f64 = 8.0;

/// One flow to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub from: String,
    pub to: String,
    pub quantity: f64,
    /// The quantity as the page writes it (with its unit).
    pub label: String,
    /// The band's class (its colour: `reuse`, `outside`, `disposal`, …).
    pub class: &'static str,
}

/// A node of the drawing, in SVG units written for the template.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub label: String,
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    /// Where its label goes: beside the node, inside the drawing.
    pub text_x: String,
    pub text_y: String,
    /// `start` (left column, text to its right) or `end` (right column, text to its left).
    pub anchor: &'static str,
}

/// A band from a source node to an end node.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// The closed outline (two Bézier curves), SVG path data.
    pub path: String,
    pub class: &'static str,
    /// "from → to: quantity", its tooltip and accessible name.
    pub title: String,
}

/// The whole drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    pub width: String,
    pub height: String,
    pub nodes: Vec<Node>,
    pub bands: Vec<Band>,
}

fn n(x: f64) -> String {
    fixed(x, 1)
}

/// Stacks a column's nodes (their totals, in order) from the top, `scale` units per unit of
/// quantity; returns each node's top and height.
fn stack(totals: &[f64], scale: f64) -> Vec<(f64, f64)> {
    let mut y = TOP;
    totals
        .iter()
        .map(|total| {
            let height = (total * scale).max(MIN_HEIGHT);
            let at = (y, height);
            y += height + GAP;
            at
        })
        .collect()
}

/// Distinct labels in order of first appearance, with their totals.
fn column<'a>(flows: &'a [Flow], side: impl Fn(&'a Flow) -> &'a str) -> Vec<(&'a str, f64)> {
    let mut nodes: Vec<(&str, f64)> = Vec::new();
    for flow in flows {
        let label = side(flow);
        match nodes.iter_mut().find(|(l, _)| *l == label) {
            Some((_, total)) => *total += flow.quantity,
            None => nodes.push((label, flow.quantity)),
        }
    }
    nodes
}

/// Lays out the flows (those of quantity > 0). `None` when there is nothing to draw.
pub fn layout(flows: &[Flow]) -> Option<Diagram> {
    let flows: Vec<Flow> = flows.iter().filter(|f| f.quantity > 0.0).cloned().collect();
    if flows.is_empty() {
        return None;
    }
    let left = column(&flows, |f| f.from.as_str());
    let right = column(&flows, |f| f.to.as_str());
    let total: f64 = flows.iter().map(|f| f.quantity).sum();
    let scale = BANDS_HEIGHT / total;
    let left_at = stack(&left.iter().map(|(_, t)| *t).collect::<Vec<_>>(), scale);
    let right_at = stack(&right.iter().map(|(_, t)| *t).collect::<Vec<_>>(), scale);
    let bottom = left_at
        .iter()
        .chain(&right_at)
        .map(|(y, h)| y + h)
        .fold(0.0, f64::max);
    let (x_left, x_right) = (0.0, WIDTH - NODE_WIDTH);
    let mut nodes = Vec::with_capacity(left.len() + right.len());
    for ((label, _), (y, h)) in left.iter().zip(&left_at) {
        nodes.push(Node {
            label: (*label).to_string(),
            x: n(x_left),
            y: n(*y),
            width: n(NODE_WIDTH),
            height: n(*h),
            text_x: n(x_left + NODE_WIDTH + 6.0),
            text_y: n(y + h / 2.0 + 5.0),
            anchor: "start",
        });
    }
    for ((label, _), (y, h)) in right.iter().zip(&right_at) {
        nodes.push(Node {
            label: (*label).to_string(),
            x: n(x_right),
            y: n(*y),
            width: n(NODE_WIDTH),
            height: n(*h),
            text_x: n(x_right - 6.0),
            text_y: n(y + h / 2.0 + 5.0),
            anchor: "end",
        });
    }
    // Where the next band leaves each source and arrives at each end.
    let mut out_offset: Vec<f64> = left_at.iter().map(|(y, _)| *y).collect();
    let mut in_offset: Vec<f64> = right_at.iter().map(|(y, _)| *y).collect();
    let (x0, x1) = (x_left + NODE_WIDTH, x_right);
    let middle = (x0 + x1) / 2.0;
    let bands = flows
        .iter()
        .map(|flow| {
            let i = left.iter().position(|(l, _)| *l == flow.from).unwrap_or(0);
            let j = right.iter().position(|(l, _)| *l == flow.to).unwrap_or(0);
            let h = (flow.quantity * scale).max(MIN_HEIGHT);
            let (y0, y1) = (out_offset[i], in_offset[j]);
            out_offset[i] += h;
            in_offset[j] += h;
            Band {
                path: format!(
                    "M{x0},{y0} C{m},{y0} {m},{y1} {x1},{y1} L{x1},{y1h} C{m},{y1h} {m},{y0h} {x0},{y0h} Z",
                    x0 = n(x0),
                    x1 = n(x1),
                    m = n(middle),
                    y0 = n(y0),
                    y1 = n(y1),
                    y0h = n(y0 + h),
                    y1h = n(y1 + h),
                ),
                class: flow.class,
                title: format!("{} → {}: {}", flow.from, flow.to, flow.label),
            }
        })
        .collect();
    Some(Diagram {
        width: n(WIDTH),
        height: n(bottom + TOP),
        nodes,
        bands,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(from: &str, to: &str, quantity: f64) -> Flow {
        Flow {
            from: from.into(),
            to: to.into(),
            quantity,
            label: format!("{quantity} t"),
            class: "reuse",
        }
    }

    #[test]
    fn bands_are_as_wide_as_their_quantities_and_stack_in_their_nodes() {
        // 300 units of height for 1,000 t: 0.3 per tonne.
        let diagram = layout(&[
            flow("Smelter", "Brick maker", 600.0),
            flow("Smelter", "Storage", 200.0),
            flow("Power", "Brick maker", 200.0),
        ])
        .unwrap();
        let labels: Vec<&str> = diagram.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["Smelter", "Power", "Brick maker", "Storage"]);
        // Smelter: 800 t → 240 high at the top (8); Power: 200 t → 60 high, after a gap of 14.
        assert_eq!(diagram.nodes[0].y, "8.0");
        assert_eq!(diagram.nodes[0].height, "240.0");
        assert_eq!(diagram.nodes[1].y, "262.0");
        assert_eq!(diagram.nodes[1].height, "60.0");
        // Brick maker: 800 t on the right, Storage below it.
        assert_eq!(diagram.nodes[2].height, "240.0");
        assert_eq!(diagram.nodes[3].y, "262.0");
        assert_eq!(diagram.nodes[3].anchor, "end");
        // The first band leaves the smelter at its top and is 180 high (600 t).
        assert!(
            diagram.bands[0]
                .path
                .starts_with("M14.0,8.0 C320.0,8.0 320.0,8.0 626.0,8.0 L626.0,188.0")
        );
        // The second leaves the smelter under the first, at 188, and enters storage at its top.
        assert!(
            diagram.bands[1]
                .path
                .starts_with("M14.0,188.0 C320.0,188.0 320.0,262.0 626.0,262.0")
        );
        // Power's band enters the brick maker under the smelter's.
        assert!(diagram.bands[2].path.contains("626.0,188.0 L626.0,248.0"));
        assert_eq!(diagram.bands[0].title, "Smelter → Brick maker: 600 t");
        // 8 + 240 + 14 + 60 = 322, plus the top margin again below.
        assert_eq!(diagram.height, "330.0");
    }

    #[test]
    fn nothing_to_draw_without_a_positive_flow() {
        assert_eq!(layout(&[]), None);
        assert_eq!(layout(&[flow("A", "B", 0.0)]), None);
    }

    #[test]
    fn a_tiny_flow_stays_visible() {
        let diagram = layout(&[flow("A", "B", 1_000_000.0), flow("A", "C", 0.001)]).unwrap();
        assert_eq!(diagram.nodes[2].height, "2.0");
    }
}
