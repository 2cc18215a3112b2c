/** @odoo-module **/

import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const WIDTH = 560;
const HEIGHT = 180;
const PAD = 24;
const DAY = 86400000;

/**
 * A measured objective's progress: its measures, day by day, against the
 * straight line from the baseline at the plan's start to the target at its
 * end. Drawn in SVG from the field's JSON; no chart library.
 */
export class KamObjectiveChart extends Component {
    static template = "kam_module.ObjectiveChart";
    static props = { ...standardFieldProps };

    get data() {
        return this.props.record.data[this.props.name] || { points: [] };
    }

    get geometry() {
        const { start, end, baseline, target, points } = this.data;
        const t0 = Date.parse(start);
        const t1 = Math.max(Date.parse(end), t0 + DAY);
        const values = [baseline, target, ...points.map((point) => point[1])];
        const low = Math.min(...values);
        const high = Math.max(...values, low + 1);
        const x = (day) => PAD + ((Date.parse(day) - t0) / (t1 - t0)) * (WIDTH - 2 * PAD);
        const y = (value) => HEIGHT - PAD - ((value - low) / (high - low)) * (HEIGHT - 2 * PAD);
        return {
            width: WIDTH,
            height: HEIGHT,
            line: { x1: x(start), y1: y(baseline), x2: x(end), y2: y(target) },
            measures: points.map(([day, value]) => `${x(day)},${y(value)}`).join(" "),
            dots: points.map(([day, value]) => ({ key: day, cx: x(day), cy: y(value), value })),
        };
    }
}

registry.category("fields").add("kam_objective_chart", {
    component: KamObjectiveChart,
    supportedTypes: ["json"],
});
