/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { KamMatrixFrame } from "../matrix_frame/matrix_frame";

const ATTITUDE_COLORS = {
    supporter: "success",
    neutral: "secondary",
    skeptic: "warning",
    opponent: "danger",
};

/**
 * The power map of an account (``active_id`` of the action's context): its
 * stakeholders by name, influence from high to low against attitude, read
 * with the user's rights.
 */
export class KamPowerMap extends Component {
    static template = "kam_module.PowerMap";
    static components = { KamMatrixFrame };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ stakeholders: [], selections: {}, loaded: false });
        onWillStart(() => this.load());
    }

    async load() {
        const [fields, stakeholders] = await Promise.all([
            this.orm.call("kam.stakeholder", "fields_get", [
                ["influence", "attitude", "buying_role"],
                ["selection"],
            ]),
            this.orm.searchRead(
                "kam.stakeholder",
                [["partner_id", "=", this.props.action.context.active_id || false]],
                ["name", "function", "buying_role", "influence", "attitude"]
            ),
        ]);
        for (const [name, field] of Object.entries(fields)) {
            this.state.selections[name] = field.selection;
        }
        this.state.stakeholders = stakeholders;
        this.state.loaded = true;
    }

    /** Influence from high to low, each row with a cell per attitude. */
    get rows() {
        const attitudes = this.state.selections.attitude;
        return [...this.state.selections.influence].reverse().map(([influence, label]) => ({
            influence,
            label,
            cells: attitudes.map(([attitude]) => ({
                attitude,
                stakeholders: this.state.stakeholders.filter(
                    (stakeholder) =>
                        stakeholder.influence === influence && stakeholder.attitude === attitude
                ),
            })),
        }));
    }

    roleLabel(stakeholder) {
        const role = this.state.selections.buying_role.find(
            ([value]) => value === stakeholder.buying_role
        );
        return role ? role[1] : "";
    }

    cardClass(stakeholder) {
        const color = ATTITUDE_COLORS[stakeholder.attitude] || "secondary";
        return `border-${color} bg-${color}-subtle`;
    }

    openStakeholder(stakeholder) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "kam.stakeholder",
            res_id: stakeholder.id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("kam_stakeholder_power_map", KamPowerMap);
