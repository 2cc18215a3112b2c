/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const MATRIX_LIMIT = 400;

/**
 * Attractiveness (value, growth, fit) against relationship strength: where
 * each scored account stands, and what to do about it.
 */
export class KamPortfolioMatrix extends Component {
    static template = "kam_module.PortfolioMatrix";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ accounts: [], loaded: false });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.accounts = await this.orm.searchRead(
            "res.partner",
            [["kam_rank", "!=", false]],
            [
                "display_name",
                "kam_score",
                "kam_rank",
                "kam_state",
                "kam_attractiveness",
                "kam_relationship_strength",
                "kam_portfolio_quadrant",
            ],
            { order: "kam_rank, id", limit: MATRIX_LIMIT }
        );
        this.state.loaded = true;
    }

    get truncated() {
        return this.state.accounts.length === MATRIX_LIMIT;
    }

    get quadrants() {
        // Reading order of the grid: high attractiveness on top, strong
        // relationship on the right.
        const quadrants = [
            {
                key: "development",
                title: _t("Development"),
                advice: _t("Attractive, weak relationship: invest to build it."),
            },
            {
                key: "strategic",
                title: _t("Strategic"),
                advice: _t("Attractive and strong: invest, the core of KAM."),
            },
            {
                key: "streamline",
                title: _t("Streamline"),
                advice: _t("Less attractive, weak relationship: reduce the cost to serve."),
            },
            {
                key: "maintenance",
                title: _t("Maintenance"),
                advice: _t("Less attractive, strong relationship: serve efficiently."),
            },
        ];
        for (const quadrant of quadrants) {
            quadrant.accounts = this.state.accounts.filter(
                (account) => account.kam_portfolio_quadrant === quadrant.key
            );
        }
        return quadrants;
    }

    dotStyle(account) {
        const x = Math.min(Math.max(account.kam_relationship_strength, 0), 100);
        const y = Math.min(Math.max(account.kam_attractiveness, 0), 100);
        return `left: ${x}%; bottom: ${y}%;`;
    }

    async openAccount(account) {
        const action = await this.orm.call("res.partner", "action_kam_open", [[account.id]]);
        await this.action.doAction(action);
    }
}

registry.category("actions").add("kam_portfolio_matrix", KamPortfolioMatrix);
