/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { KamMatrixFrame } from "../matrix_frame/matrix_frame";

const MATRIX_LIMIT = 400;
// Dots closer than this (in % of the plane) would cover each other: the
// later ones are set aside by a dot's width.
const NEAR_X = 4;
const NEAR_Y = 6;

/**
 * Attractiveness (value, growth, fit) against relationship strength: where
 * each scored account stands, and what to do about it.
 */
export class KamPortfolioMatrix extends Component {
    static template = "kam_module.PortfolioMatrix";
    static components = { KamMatrixFrame };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            accounts: [],
            loaded: false,
            filters: { state: "", tier: "", manager: "" },
            tiers: [],
            managers: [],
        });
        onWillStart(async () => {
            const [tiers, managers] = await Promise.all([
                this.orm.searchRead("kam.tier", [], ["display_name"], { order: "min_score desc" }),
                this.orm.readGroup(
                    "res.partner",
                    [["kam_portfolio_quadrant", "!=", false], ["kam_user_id", "!=", false]],
                    ["kam_user_id"],
                    ["kam_user_id"]
                ),
            ]);
            this.state.tiers = tiers;
            this.state.managers = managers.map((group) => ({
                id: group.kam_user_id[0],
                name: group.kam_user_id[1],
            }));
            await this.load();
        });
    }

    get domain() {
        const { state, tier, manager } = this.state.filters;
        const domain = [["kam_portfolio_quadrant", "!=", false]];
        if (state) {
            domain.push(["kam_state", "=", state]);
        }
        if (tier) {
            domain.push(["kam_tier_id", "=", Number(tier)]);
        }
        if (manager) {
            domain.push(["kam_user_id", "=", Number(manager)]);
        }
        return domain;
    }

    async load() {
        this.state.accounts = await this.orm.searchRead(
            "res.partner",
            this.domain,
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

    async onFilter(name, ev) {
        this.state.filters[name] = ev.target.value;
        await this.load();
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

    /**
     * Each account with its position on the plane (0 to 100 on both axes)
     * and how many dots drawn before it it would cover.
     */
    get dots() {
        const dots = [];
        for (const account of this.state.accounts) {
            const x = Math.min(Math.max(account.kam_relationship_strength, 0), 100);
            const y = Math.min(Math.max(account.kam_attractiveness, 0), 100);
            const shift = dots.filter(
                (dot) => Math.abs(dot.x - x) < NEAR_X && Math.abs(dot.y - y) < NEAR_Y
            ).length;
            dots.push({ account, x, y, shift });
        }
        return dots;
    }

    dotTitle(account) {
        return _t("%(name)s: attractiveness %(attractiveness)s, relationship %(strength)s", {
            name: account.display_name,
            attractiveness: account.kam_attractiveness.toFixed(0),
            strength: account.kam_relationship_strength.toFixed(0),
        });
    }

    dotStyle(dot) {
        return `left: ${dot.x}%; bottom: ${dot.y}%; --o-kam-dot-shift: ${dot.shift};`;
    }

    async openAccount(account) {
        const action = await this.orm.call("res.partner", "action_kam_open", [[account.id]]);
        await this.action.doAction(action);
    }
}

registry.category("actions").add("kam_portfolio_matrix", KamPortfolioMatrix);
