/** @odoo-module **/

import { Component, markup, onWillStart, useState } from "@odoo/owl";
import { formatCurrency } from "@web/core/currency";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The manager's home: their key accounts with health, score and trend, and
 * tiles counting what needs them; for the Head of KAM, the portfolio and the
 * key accounts' share of revenue. Every count opens the records it counts.
 */
export class KamCockpit extends Component {
    static template = "kam_module.Cockpit";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("kam.cockpit", "get_cockpit", []);
    }

    open(action, domain, name) {
        return this.action.doAction({
            ...action,
            domain: domain || action.domain,
            name: name || action.name,
            display_name: name || action.display_name,
            context: {},
            // The server's own help (HTML), and no sample records: an empty
            // state where a tile counts 0.
            help: action.help && markup(action.help),
            useSampleModel: false,
        });
    }

    openTile(tile) {
        return this.open(tile.action);
    }

    async openAccount(account) {
        const action = await this.orm.call("res.partner", "action_kam_open", [[account.id]]);
        await this.action.doAction(action);
    }

    openPortfolio(domain, name) {
        const { actions, domain: keys } = this.state.data.portfolio;
        return this.open(actions.accounts, [...keys, ...domain], name);
    }

    openPlans(state) {
        const { actions, plan_states } = this.state.data.portfolio;
        return this.open(actions.plans, [["state", "=", state]], plan_states[state]);
    }

    openReviews(states) {
        const { actions, reviews } = this.state.data.portfolio;
        return this.open(
            actions.reviews,
            [
                ["date", ">=", reviews.since],
                ["date", "<=", reviews.until],
                ["state", "in", states],
            ],
            _t("Reviews of the last quarter")
        );
    }

    get tierRows() {
        const rows = {};
        for (const cell of this.state.data.portfolio.tiers) {
            const row = (rows[cell.tier_id] ||= { id: cell.tier_id, name: cell.tier, cells: {}, total: 0 });
            row.cells[cell.quadrant] = (row.cells[cell.quadrant] || 0) + cell.count;
            row.total += cell.count;
        }
        return Object.values(rows);
    }

    get quadrantColumns() {
        return [
            ...this.state.data.portfolio.quadrants.map(([key, label]) => ({ key, label: label.split(":")[0] })),
            { key: false, label: _t("Not scored") },
        ];
    }

    get reviewRate() {
        const { held, due } = this.state.data.portfolio.reviews;
        return due ? Math.round((100 * held) / due) : 100;
    }

    /** A monetary figure, short ("1.2M"): the cockpit shows orders of size. */
    money(amount, currencyId) {
        return formatCurrency(amount, currencyId, { humanReadable: true });
    }

    /** A growth in %, signed; empty from nothing (no revenue before). */
    growthLabel(growth) {
        if (growth === null) {
            return "";
        }
        return `${growth > 0 ? "+" : ""}${growth.toFixed(1)} %`;
    }

    growthClass(growth) {
        return growth > 0 ? "text-success" : growth < 0 ? "text-danger" : "";
    }

    async measureShare() {
        this.state.data.revenue_share = await this.orm.call(
            "kam.cockpit",
            "action_measure_revenue_share",
            []
        );
    }

    openShortOfTarget() {
        return this.openPortfolio([["kam_revenue_gap", "<", 0]], _t("Key accounts short of their target"));
    }

    trendLabel(account) {
        if (account.trend === null) {
            return "";
        }
        const sign = account.trend > 0 ? "+" : "";
        return `${sign}${account.trend.toFixed(1)}`;
    }
}

registry.category("actions").add("kam_cockpit", KamCockpit);
